package io.streamyolo.store.sink;

import io.streamyolo.store.JdbcUrls;
import io.streamyolo.store.RetentionTask;
import io.streamyolo.store.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds an {@link EventStoreSink}. Only the store URL is required.
 *
 * <pre>{@code
 * EventStoreSink sink = EventStoreSink.builder()
 *         .setJdbcUrl("jdbc:sqlite:work/events.db")
 *         .setRetention(Duration.ofDays(30))
 *         .build();
 * results.sinkTo(sink).name("event-store").uid("event-store");
 * }</pre>
 */
public final class EventStoreSinkBuilder {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PREVIEW_FLUSH_INTERVAL = Duration.ofMillis(200);

    private String jdbcUrl;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration previewFlushInterval = DEFAULT_PREVIEW_FLUSH_INTERVAL;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration retention = RetentionTask.DEFAULT_RETENTION;
    private double recordingsMaxGb;

    EventStoreSinkBuilder() {}

    /** The store: {@code jdbc:sqlite:/path/events.db} or {@code jdbc:postgresql://host:port/db?user=..&password=..}. */
    public EventStoreSinkBuilder setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        return this;
    }

    /** Write when this many events and snapshots are buffered (default {@value #DEFAULT_BATCH_SIZE}). */
    public EventStoreSinkBuilder setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** Write buffered records at most this long after the first arrived (default 1 s). */
    public EventStoreSinkBuilder setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
        return this;
    }

    /**
     * Write camera previews and states at most this long after they arrive (default 200 ms): they
     * feed a live view, where every buffered millisecond is picture delay. Buffered events go out
     * with them.
     */
    public EventStoreSinkBuilder setPreviewFlushInterval(Duration previewFlushInterval) {
        this.previewFlushInterval = previewFlushInterval;
        return this;
    }

    /** Backoff while the database is unreachable; the job fails (and restarts) after its retry time. */
    public EventStoreSinkBuilder setRetryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
        return this;
    }

    /**
     * Delete rows older than this (default 30 days; {@code null} keeps everything). Subtask 0 runs
     * the deletion at the start and then hourly ({@link RetentionTask#DEFAULT_INTERVAL}).
     */
    public EventStoreSinkBuilder setRetention(Duration retention) {
        this.retention = retention;
        return this;
    }

    /**
     * Keep each camera's recorded clips and segments under this many GB (10^9 bytes), deleting the
     * oldest first (default 0: no limit). Subtask 0 applies it with the retention.
     */
    public EventStoreSinkBuilder setRecordingsMaxGb(double recordingsMaxGb) {
        this.recordingsMaxGb = recordingsMaxGb;
        return this;
    }

    public EventStoreSink build() {
        sanityCheck();
        return new EventStoreSink(JdbcUrls.normalize(jdbcUrl), batchSize, flushInterval.toMillis(),
                previewFlushInterval.toMillis(), retryPolicy,
                retention == null ? 0 : retention.toMillis(), (long) (recordingsMaxGb * 1e9), RetentionTask.DEFAULT_INTERVAL.toMillis());
    }

    private void sanityCheck() {
        Objects.requireNonNull(jdbcUrl, "the store's JDBC URL is required (setJdbcUrl)");
        String url = JdbcUrls.normalize(jdbcUrl);
        if (!JdbcUrls.isSqlite(url) && !JdbcUrls.isPostgresql(url)) {
            throw new IllegalArgumentException("expected a jdbc:sqlite: or jdbc:postgresql: URL, got " + JdbcUrls.mask(jdbcUrl));
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive, got " + flushInterval);
        }
        Objects.requireNonNull(previewFlushInterval, "previewFlushInterval");
        if (previewFlushInterval.isNegative() || previewFlushInterval.isZero()) {
            throw new IllegalArgumentException("preview flush interval must be positive, got " + previewFlushInterval);
        }
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        if (!(recordingsMaxGb >= 0) || Double.isInfinite(recordingsMaxGb)) {
            throw new IllegalArgumentException("recordings size limit must be 0 (none) or a positive number of GB, got " + recordingsMaxGb);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("retention must be positive (or null to keep everything), got " + retention);
        }
    }
}
