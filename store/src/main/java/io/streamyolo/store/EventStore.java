package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The event store: track events, ended tracks, snapshots and counts per minute, and each camera's
 * newest picture and state (for the dashboard), in SQLite (one file, WAL mode, the embedded
 * default) or PostgreSQL. Writes are idempotent upserts, so a batch written
 * twice (a replay after a failover) changes nothing.
 *
 * <pre>{@code
 * try (EventStore store = EventStore.open("jdbc:sqlite:work/events.db")) {
 *     store.write(List.of(StoredEvent.fromJson(line).orElseThrow()), List.of());
 *     List<StoredEvent> recent = store.find(EventQuery.builder().stream("cam1").limit(10).build());
 * }
 * }</pre>
 *
 * <p>One connection per instance; methods are synchronized, so an instance may be shared, but
 * writers and readers in different threads do better with one instance each (in WAL mode an
 * SQLite reader never waits for the writer).
 */
public final class EventStore implements AutoCloseable {

    /** Rows per DELETE in {@link #deleteOlderThan(Instant)}: each is its own short transaction. */
    public static final int DEFAULT_DELETE_BATCH = 1000;

    private final StoreConnections connections;
    private final String description;
    private final int migrationsApplied;
    private final ClipStore clips = new ClipStore(this);
    private Connection connection;
    private boolean closed;

    private EventStore(StoreConnections connections, Connection connection, int migrationsApplied) {
        this.connections = connections;
        this.description = JdbcUrls.describe(connections.jdbcUrl());
        this.connection = connection;
        this.migrationsApplied = migrationsApplied;
    }

    /**
     * Opens a store, creating or upgrading its schema.
     *
     * @param jdbcUrl {@code jdbc:sqlite:/path/events.db} (the file and its directories are created),
     *     {@code jdbc:postgresql://host:port/db?user=..&password=..} or
     *     {@code jdbc:postgresql://user:password@host:port/db}; a bare path means an SQLite file
     * @throws StoreException if the database cannot be reached or migrated; the message names the
     *     SQLite file or the URL with its password masked
     */
    public static EventStore open(String jdbcUrl) throws StoreException {
        String url = JdbcUrls.normalize(jdbcUrl);
        StoreConnections connections = new StoreConnections(url);
        Connection connection;
        try {
            connection = connections.open();
        } catch (SQLException e) {
            throw new StoreException("Cannot open event store " + JdbcUrls.describe(url) + ": " + StoreException.reason(e), e);
        }
        try {
            int applied = SchemaMigration.migrate(connections);
            connection.setAutoCommit(false);
            return new EventStore(connections, connection, applied);
        } catch (StoreException | SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("Cannot open event store " + JdbcUrls.describe(url) + ": " + StoreException.reason(e), e);
        }
    }

    /** The recorded clips and segments: queries and deletions on this store's connection. */
    public ClipStore clips() {
        return clips;
    }

    /** The SQLite file, or the URL with its password masked: for messages. */
    public String description() {
        return description;
    }

    /**
     * Writes events and snapshots in one transaction. Events already stored are left alone (first
     * write wins) and count nothing; each new {@code line_crossed} or {@code zone_entered} event adds
     * one to its minute in {@code counts_per_minute}; each {@code object_left} event upserts its
     * track; each snapshot replaces the track's stored one.
     *
     * @throws StoreException on any failure, after a rollback (nothing of the batch is stored)
     */
    public WriteResult write(List<StoredEvent> events, List<StoredSnapshot> snapshots) throws StoreException {
        return write(events, snapshots, List.of(), List.of());
    }

    /**
     * Writes events and snapshots as {@link #write(List, List)} does, and camera previews and
     * states, in one transaction. Of each camera's previews and states only the newest is
     * written, and only where it is at least as new as the stored one (a replay changes nothing).
     *
     * @throws StoreException on any failure, after a rollback (nothing of the batch is stored)
     */
    public WriteResult write(List<StoredEvent> events, List<StoredSnapshot> snapshots, List<Preview> previews,
            List<CameraState> cameras) throws StoreException {
        return write(events, snapshots, previews, cameras, List.of());
    }

    /**
     * Writes as {@link #write(List, List, List, List)} does, and recorded clips (a file already
     * known is left alone), in one transaction.
     *
     * @throws StoreException on any failure, after a rollback (nothing of the batch is stored)
     */
    public synchronized WriteResult write(List<StoredEvent> events, List<StoredSnapshot> snapshots, List<Preview> previews,
            List<CameraState> cameras, List<StoredClip> clips) throws StoreException {
        Connection c = connection();
        try {
            int inserted = StoreWrites.write(c, events, snapshots);
            StoreWrites.upsertPreviews(c, previews);
            StoreWrites.upsertCameras(c, cameras);
            ClipStore.insert(c, clips);
            c.commit();
            return new WriteResult(inserted, events.size() - inserted, snapshots.size(),
                    (int) previews.stream().map(Preview::streamId).distinct().count(),
                    (int) cameras.stream().map(CameraState::streamId).distinct().count());
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            discard(c);
            throw new StoreException("Cannot write " + events.size() + " events, " + snapshots.size() + " snapshots, "
                    + previews.size() + " previews, " + cameras.size() + " camera states and " + clips.size() + " clips to " + description + ": "
                    + StoreException.reason(e), e);
        }
    }

    /**
     * Selects events, newest first. {@code object_left} events carry their track's summary.
     */
    public synchronized List<StoredEvent> find(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.sql(params);
        List<StoredEvent> events = new ArrayList<>();
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcRows.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(JdbcRows.readEvent(rs));
                }
            }
            c.commit();
            return events;
        } catch (SQLException | JsonProcessingException e) {
            discard(c);
            throw new StoreException("Cannot query " + description + " (" + query + "): " + StoreException.reason(e), e);
        }
    }

    /**
     * Events with a row id above {@code afterId}, oldest (smallest id) first: for a reader that
     * follows new events. {@code object_left} events carry their track's summary.
     */
    public synchronized List<EventRow> eventsAfter(long afterId, int limit) throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(EventQuery.SELECT + " WHERE e.id > ? ORDER BY e.id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            List<EventRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EventRow(rs.getLong(EventQuery.ID_COLUMN), JdbcRows.readEvent(rs)));
                }
            }
            c.commit();
            return rows;
        } catch (SQLException | JsonProcessingException e) {
            discard(c);
            throw new StoreException("Cannot read new events from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /** One event by its row id (the dashboard's event view), with its track's summary for {@code object_left}. */
    public synchronized Optional<EventRow> event(long id) throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(EventQuery.SELECT + " WHERE e.id = ?")) {
            ps.setLong(1, id);
            Optional<EventRow> row = Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    row = Optional.of(new EventRow(id, JdbcRows.readEvent(rs)));
                }
            }
            c.commit();
            return row;
        } catch (SQLException | JsonProcessingException e) {
            discard(c);
            throw new StoreException("Cannot read event " + id + " from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /** Selects events as {@link #find} does, each with its row id. */
    public synchronized List<EventRow> findRows(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.sql(params);
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcRows.bind(ps, params);
            List<EventRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EventRow(rs.getLong(EventQuery.ID_COLUMN), JdbcRows.readEvent(rs)));
                }
            }
            c.commit();
            return rows;
        } catch (SQLException | JsonProcessingException e) {
            discard(c);
            throw new StoreException("Cannot query " + description + " (" + query + "): " + StoreException.reason(e), e);
        }
    }

    /** How many events the query's filters select, its limit and offset aside. */
    public synchronized long count(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.countSql(params);
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcRows.bind(ps, params);
            long n;
            try (ResultSet rs = ps.executeQuery()) {
                n = rs.next() ? rs.getLong(1) : 0;
            }
            c.commit();
            return n;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot count in " + description + " (" + query + "): " + StoreException.reason(e), e);
        }
    }

    /** The largest event row id, 0 when there are no events: where a follower of new events starts. */
    public synchronized long lastEventId() throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM events"); ResultSet rs = ps.executeQuery()) {
            long id = rs.next() ? rs.getLong(1) : 0;
            c.commit();
            return id;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read the last event id from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /** The newest picture of a camera, if the job sent one. */
    public synchronized Optional<Preview> preview(String streamId) throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, frame_seq, width, height, jpeg, detections FROM previews WHERE stream_id = ?")) {
            ps.setString(1, streamId);
            Optional<Preview> result = Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    result = Optional.of(new Preview(streamId, rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4),
                            rs.getBytes(5), rs.getString(6)));
                }
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read the preview of " + streamId + " from " + description + ": "
                    + StoreException.reason(e), e);
        }
    }

    /**
     * The capture time of each camera's stored picture, by stream id: a cheap look for a reader
     * that fetches a picture only when it changed.
     */
    public synchronized Map<String, Long> previewTimes() throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, ts FROM previews"); ResultSet rs = ps.executeQuery()) {
            Map<String, Long> times = new TreeMap<>();
            while (rs.next()) {
                times.put(rs.getString(1), rs.getLong(2));
            }
            c.commit();
            return times;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read preview times from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /** The newest state of every camera the job reported, stopped ones included, by stream id. */
    public synchronized List<CameraState> cameras() throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, ts, state, reason, fps, dropped, objects, model,"
                + " settings, zones, lines, zone_counts, line_counts, skipped, predicted FROM cameras ORDER BY stream_id");
                ResultSet rs = ps.executeQuery()) {
            List<CameraState> cameras = new ArrayList<>();
            while (rs.next()) {
                cameras.add(new CameraState(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        JdbcRows.getDouble(rs, 5), JdbcRows.getLong(rs, 6), JdbcRows.getLong(rs, 14), JdbcRows.getLong(rs, 15),
                        JdbcRows.getInt(rs, 7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
            }
            c.commit();
            return cameras;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read camera states from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /** The stored snapshot of a track, if any. */
    public synchronized Optional<StoredSnapshot> snapshot(String streamId, long trackId) throws StoreException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, conf, x1, y1, x2, y2, jpeg, thumbnail FROM snapshots WHERE stream_id = ? AND track_id = ?")) {
            ps.setString(1, streamId);
            ps.setLong(2, trackId);
            Optional<StoredSnapshot> result = Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    result = Optional.of(new StoredSnapshot(streamId, trackId, rs.getLong(1), JdbcRows.getDouble(rs, 2), JdbcRows.readBox(rs, 3),
                            rs.getBytes(7), rs.getBytes(8)));
                }
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read the snapshot of " + streamId + "/" + trackId + " from " + description
                    + ": " + StoreException.reason(e), e);
        }
    }

    /**
     * Counts per minute in {@code [since, until)}, oldest first.
     *
     * @param streamId one camera, or null for all
     */
    public synchronized List<MinuteCount> counts(String streamId, Instant since, Instant until) throws StoreException {
        String sql = "SELECT stream_id, kind, subject, label, minute, count FROM counts_per_minute WHERE minute >= ? AND minute < ?"
                + (streamId == null ? "" : " AND stream_id = ?")
                + " ORDER BY minute, stream_id, kind, subject, label";
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, since.toEpochMilli());
            ps.setLong(2, until.toEpochMilli());
            if (streamId != null) {
                ps.setString(3, streamId);
            }
            List<MinuteCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new MinuteCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6)));
                }
            }
            c.commit();
            return counts;
        } catch (SQLException e) {
            discard(c);
            throw new StoreException("Cannot read counts from " + description + ": " + StoreException.reason(e), e);
        }
    }

    /**
     * Deletes everything older than {@code cutoff} (events and snapshots by time, tracks by last
     * sighting, counts by minute) in transactions of {@value #DEFAULT_DELETE_BATCH} rows. Camera
     * pictures and states are not touched: there is one row per camera, and a stopped camera
     * stays listed.
     *
     * @return rows deleted
     */
    public long deleteOlderThan(Instant cutoff) throws StoreException {
        return deleteOlderThan(cutoff, DEFAULT_DELETE_BATCH, Duration.ZERO);
    }

    /**
     * Deletes everything older than {@code cutoff} in transactions of {@code batchSize} rows, with
     * a pause between them: an SQLite writer waiting for the lock gets it in the pause (SQLite's
     * busy wait is not fair), so a large delete never holds writes up for more than one batch.
     *
     * @return rows deleted
     */
    public long deleteOlderThan(Instant cutoff, int batchSize, Duration pause) throws StoreException {
        long ms = cutoff.toEpochMilli();
        long total = 0;
        total += deleteInBatches("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ? LIMIT ?)", ms, batchSize, pause);
        total += deleteInBatches("DELETE FROM snapshots WHERE (stream_id, track_id) IN"
                + " (SELECT stream_id, track_id FROM snapshots WHERE ts < ? LIMIT ?)", ms, batchSize, pause);
        total += deleteInBatches("DELETE FROM tracks WHERE (stream_id, track_id) IN"
                + " (SELECT stream_id, track_id FROM tracks WHERE last_seen < ? LIMIT ?)", ms, batchSize, pause);
        // A minute counts as old when all of it is before the cutoff.
        total += deleteInBatches("DELETE FROM counts_per_minute WHERE (stream_id, kind, subject, label, minute) IN"
                + " (SELECT stream_id, kind, subject, label, minute FROM counts_per_minute WHERE minute < ? LIMIT ?)",
                ms - 59_999, batchSize, pause);
        return total;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            rollbackQuietly(connection);
            closeQuietly(connection);
            connection = null;
        }
    }

    /** How many schema migrations {@link #open} ran: 0 when the schema was current. */
    int migrationsApplied() {
        return migrationsApplied;
    }

    /**
     * The store's connection, auto-commit off; a new one after a failure discarded the last (also
     * for tests).
     */
    synchronized Connection connection() throws StoreException {
        if (closed) {
            throw new StoreException("Event store " + description + " is closed", null, false);
        }
        if (connection == null) {
            try {
                Connection c = connections.open();
                c.setAutoCommit(false);
                connection = c;
            } catch (SQLException e) {
                throw new StoreException("Cannot open event store " + description + ": " + StoreException.reason(e), e);
            }
        }
        return connection;
    }

    /**
     * Drops a connection after a failure. Its state is not to be trusted: SQLite ends a
     * transaction by itself on some errors (SQLITE_FULL), after which the driver's rollback fails
     * and would leave it in auto-commit mode; a PostgreSQL connection may be broken.
     */
    void discard(Connection c) {
        rollbackQuietly(c);
        closeQuietly(c);
        if (connection == c) {
            connection = null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private long deleteInBatches(String sql, long cutoffMs, int batchSize, Duration pause) throws StoreException {
        long total = 0;
        while (true) {
            int deleted;
            synchronized (this) {
                Connection c = connection();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, cutoffMs);
                    ps.setInt(2, batchSize);
                    deleted = ps.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    discard(c);
                    throw new StoreException("Cannot delete old rows from " + description + ": " + StoreException.reason(e), e);
                }
            }
            total += deleted;
            if (deleted < batchSize) {
                return total;
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while deleting old rows from " + description, e, false);
                }
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; closing it (the caller's next step) discards the transaction.
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }
}
