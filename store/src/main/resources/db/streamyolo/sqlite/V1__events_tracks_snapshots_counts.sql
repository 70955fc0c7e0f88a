-- Event store, SQLite. Times are epoch milliseconds (UTC); boxes are pixels of the frame.

-- One row per track event. The UNIQUE key is the event's idempotency key: a replay after a
-- failover inserts nothing (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    stream_id   TEXT    NOT NULL,
    track_id    INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT '',
    occurrence  INTEGER NOT NULL DEFAULT 0,
    direction   TEXT,
    ts          INTEGER NOT NULL,
    class_id    INTEGER,
    label       TEXT,
    conf        REAL,
    x1          REAL,
    y1          REAL,
    x2          REAL,
    y2          REAL,
    CONSTRAINT events_key UNIQUE (stream_id, track_id, kind, subject, occurrence)
);
CREATE INDEX events_stream_ts ON events (stream_id, ts);
CREATE INDEX events_ts ON events (ts);
CREATE INDEX events_kind_ts ON events (kind, ts);
CREATE INDEX events_label_ts ON events (label, ts);
CREATE INDEX events_subject_ts ON events (subject, ts);

-- One row per ended track (from its object_left event).
CREATE TABLE tracks (
    stream_id    TEXT    NOT NULL,
    track_id     INTEGER NOT NULL,
    class_id     INTEGER,
    label        TEXT,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    best_conf    REAL,
    zones        TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (stream_id, track_id)
);
CREATE INDEX tracks_last_seen ON tracks (last_seen);

-- The best picture of each track: replaced whenever a better one arrives.
CREATE TABLE snapshots (
    stream_id  TEXT    NOT NULL,
    track_id   INTEGER NOT NULL,
    ts         INTEGER NOT NULL,
    conf       REAL,
    x1         REAL,
    y1         REAL,
    x2         REAL,
    y2         REAL,
    jpeg       BLOB    NOT NULL,
    thumbnail  BLOB,
    PRIMARY KEY (stream_id, track_id)
);
CREATE INDEX snapshots_ts ON snapshots (ts);

-- Line crossings (kind line_in / line_out) and zone entries per minute, subject and class;
-- incremented in the transaction that inserts the event, and only when the event is new.
CREATE TABLE counts_per_minute (
    stream_id  TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    label      TEXT    NOT NULL DEFAULT '',
    minute     INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (stream_id, kind, subject, label, minute)
);
CREATE INDEX counts_minute ON counts_per_minute (minute);
