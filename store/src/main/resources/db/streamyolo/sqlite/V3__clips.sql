-- Event store V3, SQLite: the video files the job recorded (event clips and continuous segments).
-- One row per complete file; the file's absolute path is its idempotency key (a replayed line
-- inserts nothing). Times are epoch milliseconds (UTC), wall clock.
CREATE TABLE clips (
    id          INTEGER PRIMARY KEY,
    stream_id   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    start_ms    INTEGER NOT NULL,
    end_ms      INTEGER NOT NULL,
    file        TEXT    NOT NULL UNIQUE,
    size_bytes  INTEGER NOT NULL,
    codec       TEXT    NOT NULL,
    track_ids   TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX clips_stream_start ON clips (stream_id, start_ms);
CREATE INDEX clips_end ON clips (end_ms);
