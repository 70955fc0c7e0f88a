-- Event store V2, SQLite: what the dashboard shows live. One row per camera in each table, replaced
-- by newer lines only (an upsert that keeps the newest ts), and never deleted by retention: a
-- stopped camera keeps its row with state 'stopped'.

-- The newest picture of each camera (JPEG of the raw frame) and the boxes detected in it: the JSON
-- object {"data": [[[x1, y1, x2, y2], class_id, conf], ...], "labels": [...], "track_ids": [...]}
-- with box coordinates in frame pixels.
CREATE TABLE previews (
    stream_id   TEXT    NOT NULL PRIMARY KEY,
    ts          INTEGER NOT NULL,
    frame_seq   INTEGER,
    width       INTEGER,
    height      INTEGER,
    jpeg        BLOB    NOT NULL,
    detections  TEXT    NOT NULL DEFAULT '{}'
);

-- The newest state of each camera: live, reconnecting, error (with reason) or stopped; detected
-- fps, frames dropped and objects in view over the job's last interval; the stream's settings,
-- zones and lines (as in commands) and their counts, as JSON text.
CREATE TABLE cameras (
    stream_id    TEXT    NOT NULL PRIMARY KEY,
    ts           INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    reason       TEXT,
    fps          REAL,
    dropped      INTEGER,
    objects      INTEGER,
    model        TEXT,
    settings     TEXT    NOT NULL DEFAULT '{}',
    zones        TEXT    NOT NULL DEFAULT '[]',
    lines        TEXT    NOT NULL DEFAULT '[]',
    zone_counts  TEXT    NOT NULL DEFAULT '{}',
    line_counts  TEXT    NOT NULL DEFAULT '{}'
);
