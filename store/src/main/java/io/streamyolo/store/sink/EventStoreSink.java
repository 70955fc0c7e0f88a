package io.streamyolo.store.sink;

import io.streamyolo.store.BufferedStoreWriter;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.JdbcUrls;
import io.streamyolo.store.Preview;
import io.streamyolo.store.RetentionTask;
import io.streamyolo.store.RetryPolicy;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.WriteResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink sink that writes the job's track events, snapshots, camera previews, camera states and
 * clips ({@link StoreRecord}s, typed by {@link StoreRecordTypeInfo}) to the event store, at least once: buffered records are written at every checkpoint
 * ({@code flush}), every {@code batchSize} records and {@code flushInterval} after the first
 * buffered one, or {@code previewFlushInterval} after the first buffered preview or camera state
 * (a live view must not wait behind events); the store's idempotent upserts make the replays after
 * a failover harmless.
 *
 * <pre>{@code
 * storeRecords.keyBy(StoreRecord::streamId, Types.STRING)
 *        .sinkTo(EventStoreSink.builder().setJdbcUrl("jdbc:sqlite:work/events.db").build())
 *        .name("event-store").uid("event-store");
 * }</pre>
 *
 * <p>Why not Flink's JDBC connector ({@code flink-connector-jdbc-core} 4.0.0-2.0, which does run on
 * Flink 2.2.1: checked with its at-least-once {@code JdbcSink} into SQLite and PostgreSQL): it
 * writes one SQL statement per sink with auto-commit batches, while a batch here is one
 * transaction over four tables whose minute counts depend on which event rows were new; and it
 * retries a fixed number of times with linear backoff and ERROR logs, with interval flushes on a
 * thread of its own. This sink keeps its pattern (batch size, flush interval, reconnect and retry
 * in flush), but runs the interval flush as a processing-time timer on the task thread.
 */
public final class EventStoreSink implements Sink<StoreRecord> {

    private static final long serialVersionUID = 1L;

    private final String jdbcUrl;
    private final int batchSize;
    private final long flushIntervalMs;
    private final long previewFlushIntervalMs;
    private final RetryPolicy retryPolicy;
    private final long retentionMs;
    private final long recordingsMaxBytes;
    private final long retentionIntervalMs;

    EventStoreSink(String jdbcUrl, int batchSize, long flushIntervalMs, long previewFlushIntervalMs, RetryPolicy retryPolicy,
            long retentionMs, long recordingsMaxBytes, long retentionIntervalMs) {
        this.jdbcUrl = jdbcUrl;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.previewFlushIntervalMs = previewFlushIntervalMs;
        this.retryPolicy = retryPolicy;
        this.retentionMs = retentionMs;
        this.recordingsMaxBytes = recordingsMaxBytes;
        this.retentionIntervalMs = retentionIntervalMs;
    }

    public static EventStoreSinkBuilder builder() {
        return new EventStoreSinkBuilder();
    }

    @Override
    public SinkWriter<StoreRecord> createWriter(WriterInitContext context) throws IOException {
        return new Writer(this, context);
    }

    @Override
    public String toString() {
        return "EventStoreSink[" + JdbcUrls.describe(jdbcUrl) + "]";
    }

    /**
     * One per subtask. Flink calls every method, and the flush timer, on the task's mailbox
     * thread, so nothing here is shared between threads except the retention task's own.
     */
    private static final class Writer implements SinkWriter<StoreRecord> {

        private static final Logger LOG = LoggerFactory.getLogger(EventStoreSink.class);

        private final EventStoreSink sink;
        private final BufferedStoreWriter writer;
        private final ProcessingTimeService timers;
        private final Counter written;
        private final RetentionTask retention;
        private ScheduledFuture<?> flushTimer;
        /** When the pending flush timer fires, processing time; meaningful while it is set. */
        private long flushDue;

        Writer(EventStoreSink sink, WriterInitContext context) throws IOException {
            this.sink = sink;
            this.writer = new BufferedStoreWriter(sink.jdbcUrl, sink.retryPolicy);
            this.timers = context.getProcessingTimeService();
            this.written = context.metricGroup().getNumRecordsSendCounter();
            // Fail at start when the store is wrong; this also creates the schema once.
            writer.connect();
            int subtask = context.getTaskInfo().getIndexOfThisSubtask();
            this.retention = (sink.retentionMs > 0 || sink.recordingsMaxBytes > 0) && subtask == 0
                    ? RetentionTask.start(sink.jdbcUrl, sink.retentionMs > 0 ? Duration.ofMillis(sink.retentionMs) : null,
                            sink.recordingsMaxBytes, Duration.ofMillis(sink.retentionIntervalMs))
                    : null;
        }

        @Override
        public void write(StoreRecord r, Context context) throws IOException {
            writer.add(r);
            if (writer.size() >= sink.batchSize) {
                flushBuffer();
                return;
            }
            boolean live = r instanceof Preview || r instanceof CameraState;
            long due = timers.getCurrentProcessingTime() + (live ? sink.previewFlushIntervalMs : sink.flushIntervalMs);
            if (flushTimer != null && flushDue <= due) {
                return;
            }
            // No timer yet, or a preview that must go out before the events' timer fires.
            if (flushTimer != null) {
                flushTimer.cancel(false);
            }
            flushDue = due;
            flushTimer = timers.registerTimer(due, time -> {
                flushTimer = null;
                flushBuffer();
            });
        }

        /** Called before every checkpoint barrier and at the end of input: nothing stays buffered. */
        @Override
        public void flush(boolean endOfInput) throws IOException {
            flushBuffer();
        }

        @Override
        public void close() {
            if (flushTimer != null) {
                flushTimer.cancel(false);
                flushTimer = null;
            }
            if (retention != null) {
                retention.close();
            }
            writer.close();
        }

        private void flushBuffer() throws IOException {
            if (flushTimer != null) {
                flushTimer.cancel(false);
                flushTimer = null;
            }
            int n = writer.size();
            if (n == 0) {
                return;
            }
            WriteResult result = writer.flush();
            written.inc(n);
            LOG.debug("Wrote {} records to the event store: {}", n, result);
        }

    }
}
