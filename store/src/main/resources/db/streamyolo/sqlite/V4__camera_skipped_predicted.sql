-- Event store V4, SQLite: per camera, frames that skipped the model over the job's last interval,
-- for lack of motion (skipped) and for the camera's detect_interval (predicted). NULL: not reported.
ALTER TABLE cameras ADD COLUMN skipped INTEGER;
ALTER TABLE cameras ADD COLUMN predicted INTEGER;
