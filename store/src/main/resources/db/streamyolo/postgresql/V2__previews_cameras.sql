-- Event store V2, PostgreSQL: the same tables as the SQLite schema (see there for what they hold).

CREATE TABLE previews (
    stream_id   TEXT    NOT NULL PRIMARY KEY,
    ts          BIGINT  NOT NULL,
    frame_seq   BIGINT,
    width       INTEGER,
    height      INTEGER,
    jpeg        BYTEA   NOT NULL,
    detections  TEXT    NOT NULL DEFAULT '{}'
);
-- JPEGs do not compress: store them out of line without trying.
ALTER TABLE previews ALTER COLUMN jpeg SET STORAGE EXTERNAL;

CREATE TABLE cameras (
    stream_id    TEXT             NOT NULL PRIMARY KEY,
    ts           BIGINT           NOT NULL,
    state        TEXT             NOT NULL,
    reason       TEXT,
    fps          DOUBLE PRECISION,
    dropped      BIGINT,
    objects      INTEGER,
    model        TEXT,
    settings     TEXT             NOT NULL DEFAULT '{}',
    zones        TEXT             NOT NULL DEFAULT '[]',
    lines        TEXT             NOT NULL DEFAULT '[]',
    zone_counts  TEXT             NOT NULL DEFAULT '{}',
    line_counts  TEXT             NOT NULL DEFAULT '{}'
);
