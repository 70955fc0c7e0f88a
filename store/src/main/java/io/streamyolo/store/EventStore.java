package io.streamyolo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * <p>The entry point of the store's roles: the writes are {@link StoreWrites}', the reads {@link
 * EventReads}', {@link CameraReads}' and {@link ClipStore}'s, the deletion by age {@link
 * EventRetention}'s, all on one connection in the transactions of {@link Transactions}.
 *
 * <p>One connection per instance; each call holds its lock for its transaction, so an instance
 * may be shared, but writers and readers in different threads do better with one instance each
 * (in WAL mode an SQLite reader never waits for the writer).
 */
public final class EventStore implements AutoCloseable {

    /** Rows per DELETE in {@link #deleteOlderThan(Instant)}: each is its own short transaction. */
    public static final int DEFAULT_DELETE_BATCH = 1000;

    private final Transactions transactions;
    private final int migrationsApplied;
    private final ClipStore clips;
    private final EventReads eventReads;
    private final CameraReads cameraReads;
    private final EventRetention retention;

    private EventStore(StoreConnections connections, Connection connection, int migrationsApplied) {
        this.transactions = new Transactions(connections, connection);
        this.migrationsApplied = migrationsApplied;
        this.clips = new ClipStore(transactions);
        this.eventReads = new EventReads(transactions);
        this.cameraReads = new CameraReads(transactions);
        this.retention = new EventRetention(transactions);
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
            Transactions.closeQuietly(connection);
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
        return transactions.description();
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
    public WriteResult write(List<StoredEvent> events, List<StoredSnapshot> snapshots, List<Preview> previews,
            List<CameraState> cameras, List<StoredClip> clips) throws StoreException {
        return transactions.write(() -> "Cannot write " + events.size() + " events, " + snapshots.size() + " snapshots, "
                + previews.size() + " previews, " + cameras.size() + " camera states and " + clips.size() + " clips to "
                + description(), c -> {
                    int inserted = StoreWrites.write(c, events, snapshots);
                    StoreWrites.upsertPreviews(c, previews);
                    StoreWrites.upsertCameras(c, cameras);
                    ClipStore.insert(c, clips);
                    return new WriteResult(inserted, events.size() - inserted, snapshots.size(),
                            (int) previews.stream().map(Preview::streamId).distinct().count(),
                            (int) cameras.stream().map(CameraState::streamId).distinct().count());
                });
    }

    /**
     * Selects events, newest first. {@code object_left} events carry their track's summary.
     */
    public List<StoredEvent> find(EventQuery query) throws StoreException {
        return eventReads.find(query);
    }

    /**
     * Events with a row id above {@code afterId}, oldest (smallest id) first: for a reader that
     * follows new events. {@code object_left} events carry their track's summary.
     */
    public List<EventRow> eventsAfter(long afterId, int limit) throws StoreException {
        return eventReads.eventsAfter(afterId, limit);
    }

    /** One event by its row id (the dashboard's event view), with its track's summary for {@code object_left}. */
    public Optional<EventRow> event(long id) throws StoreException {
        return eventReads.event(id);
    }

    /** Selects events as {@link #find} does, each with its row id. */
    public List<EventRow> findRows(EventQuery query) throws StoreException {
        return eventReads.findRows(query);
    }

    /** How many events the query's filters select, its limit and offset aside. */
    public long count(EventQuery query) throws StoreException {
        return eventReads.count(query);
    }

    /** The largest event row id, 0 when there are no events: where a follower of new events starts. */
    public long lastEventId() throws StoreException {
        return eventReads.lastEventId();
    }

    /** The newest picture of a camera, if the job sent one. */
    public Optional<Preview> preview(String streamId) throws StoreException {
        return cameraReads.preview(streamId);
    }

    /**
     * The capture time of each camera's stored picture, by stream id: a cheap look for a reader
     * that fetches a picture only when it changed.
     */
    public Map<String, Long> previewTimes() throws StoreException {
        return cameraReads.previewTimes();
    }

    /** The newest state of every camera the job reported, stopped ones included, by stream id. */
    public List<CameraState> cameras() throws StoreException {
        return cameraReads.cameras();
    }

    /** The stored snapshot of a track, if any. */
    public Optional<StoredSnapshot> snapshot(String streamId, long trackId) throws StoreException {
        return eventReads.snapshot(streamId, trackId);
    }

    /**
     * Counts per minute in {@code [since, until)}, oldest first.
     *
     * @param streamId one camera, or null for all
     */
    public List<MinuteCount> counts(String streamId, Instant since, Instant until) throws StoreException {
        return eventReads.counts(streamId, since, until);
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
        return retention.deleteOlderThan(cutoff, batchSize, pause);
    }

    @Override
    public void close() {
        transactions.close();
    }

    /** How many schema migrations {@link #open} ran: 0 when the schema was current. */
    int migrationsApplied() {
        return migrationsApplied;
    }

    /**
     * The store's connection, auto-commit off; a new one after a failure discarded the last (for
     * tests).
     */
    Connection connection() throws StoreException {
        return transactions.connection();
    }
}
