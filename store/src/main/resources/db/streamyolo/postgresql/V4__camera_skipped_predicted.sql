-- Event store V4, PostgreSQL: per camera, frames that skipped the model over the job's last interval,
-- for lack of motion (skipped) and for the camera's detect_interval (predicted). NULL: not reported.
ALTER TABLE cameras ADD COLUMN skipped BIGINT;
ALTER TABLE cameras ADD COLUMN predicted BIGINT;
