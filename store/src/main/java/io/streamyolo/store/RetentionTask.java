package io.streamyolo.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than the retention period, now and then every {@code interval}, on a
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
    private final ScheduledExecutorService executor;

    private RetentionTask(String jdbcUrl, Duration retention) {
        this.jdbcUrl = JdbcUrls.normalize(jdbcUrl);
        this.retention = retention;
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
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        RetentionTask task = new RetentionTask(jdbcUrl, retention);
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
        Instant cutoff = Instant.now().minus(retention);
        try (EventStore store = EventStore.open(jdbcUrl)) {
            long deleted = store.deleteOlderThan(cutoff, BATCH_SIZE, PAUSE);
            LOG.info("Retention: deleted {} rows older than {} from {}", deleted, cutoff, store.description());
            return deleted;
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
            runOnce(jdbcUrl, retention);
        } catch (Exception e) {
            // Safe to skip: old rows only wait for the next run, and the writes go on regardless.
            LOG.warn("Retention run on {} failed, trying again at the next interval: {}", JdbcUrls.describe(jdbcUrl), e.getMessage());
        }
    }
}
