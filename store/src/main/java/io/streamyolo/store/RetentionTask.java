package io.streamyolo.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than the retention period (rows, and recorded clips with their files) and
 * the clips past each camera's size limit, now and then every {@code interval}, on a
 * daemon thread with its own connection, in small batches with pauses so that writers are never
 * held up for long.
 *
 * <pre>{@code
 * RetentionTask retention = RetentionTask.start("jdbc:sqlite:work/events.db", Duration.ofDays(30), Duration.ofHours(1));
 * ...
 * retention.close();
 * }</pre>
 */
public final class RetentionTask implements AutoCloseable {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    /** Rows per DELETE, and the pause between two: about 10 k rows a second at most. */
    static final int BATCH_SIZE = 500;
    static final Duration PAUSE = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(RetentionTask.class);

    private final String jdbcUrl;
    private final Duration retention;
    private final long maxClipBytesPerCamera;
    private final ScheduledExecutorService executor;

    private RetentionTask(String jdbcUrl, Duration retention, long maxClipBytesPerCamera) {
        this.jdbcUrl = JdbcUrls.normalize(jdbcUrl);
        this.retention = retention;
        this.maxClipBytesPerCamera = maxClipBytesPerCamera;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-store-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts deleting rows older than {@code retention}: a first run right away (a job restarted
     * after a long stop catches up), then one every {@code interval}.
     */
    public static RetentionTask start(String jdbcUrl, Duration retention, Duration interval) {
        return start(jdbcUrl, retention, 0, interval);
    }

    /**
     * As {@link #start(String, Duration, Duration)}, and keeps each camera's recorded clips under
     * {@code maxClipBytesPerCamera} (0: no limit), deleting the oldest first.
     *
     * @param retention how long rows and clips are kept; null keeps them (only the size limit applies)
     */
    public static RetentionTask start(String jdbcUrl, Duration retention, long maxClipBytesPerCamera, Duration interval) {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        if (maxClipBytesPerCamera < 0) {
            throw new IllegalArgumentException("the clip size limit must be 0 (none) or positive, got " + maxClipBytesPerCamera);
        }
        if (retention == null && maxClipBytesPerCamera == 0) {
            throw new IllegalArgumentException("nothing to do: no retention period and no clip size limit");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        RetentionTask task = new RetentionTask(jdbcUrl, retention, maxClipBytesPerCamera);
        task.executor.scheduleWithFixedDelay(task::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return task;
    }

    /**
     * Deletes rows older than the retention period once, on the caller's thread, with a connection
     * of its own.
     *
     * @return rows deleted
     */
    public static long runOnce(String jdbcUrl, Duration retention) throws StoreException {
        return runOnce(jdbcUrl, retention, 0);
    }

    /**
     * As {@link #runOnce(String, Duration)}, and deletes clips (file and row) that ended before the
     * cutoff, then each camera's oldest clips past {@code maxClipBytesPerCamera} (0: no limit).
     *
     * @param retention null keeps rows and clips by age (only the size limit applies)
     * @return rows deleted, clip rows included
     */
    public static long runOnce(String jdbcUrl, Duration retention, long maxClipBytesPerCamera) throws StoreException {
        Instant cutoff = retention == null ? null : Instant.now().minus(retention);
        try (EventStore store = EventStore.open(jdbcUrl)) {
            long deleted = cutoff == null ? 0 : store.deleteOlderThan(cutoff, BATCH_SIZE, PAUSE);
            ClipRetention.Result clips = ClipRetention.run(store.clips(),
                    cutoff == null ? Long.MIN_VALUE : cutoff.toEpochMilli(), maxClipBytesPerCamera);
            LOG.info("Retention: deleted {} rows older than {} and {} clips ({} bytes; {} files could not be deleted) from {}",
                    deleted, cutoff == null ? "(none)" : cutoff, clips.deleted(), clips.bytesFreed(), clips.failed(),
                    store.description());
            return deleted + clips.deleted();
        }
    }

    /** Stops the task; a run in progress stops at its next batch. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------

    private void runSafely() {
        try {
            runOnce(jdbcUrl, retention, maxClipBytesPerCamera);
        } catch (Exception e) {
            // Safe to skip: old rows only wait for the next run, and the writes go on regardless.
            LOG.warn("Retention run on {} failed, trying again at the next interval: {}", JdbcUrls.describe(jdbcUrl), e.getMessage());
        }
    }
}
