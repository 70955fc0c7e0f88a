package io.streamyolo.job.sink;

import io.streamyolo.job.OperatorUids;
import io.streamyolo.job.detect.DetectionOperator;
import io.streamyolo.job.detect.DetectionResult;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.sink.EventStoreSink;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Track events, snapshots, camera pictures and states, and clips into the event store (SQLite or
 * PostgreSQL), beside the results sink. The detection subtask emits them typed on its store side
 * output; only they cross the network (keyed by stream, so that a camera's records stay in order):
 * the per-frame detections and status events do not go to the store.
 *
 * <p>Savepoints: the sink keeps its uid. Its writer holds no state (it flushes at every checkpoint),
 * and neither did the filter and map ({@code track-events}, {@code store-json}) that picked the
 * track events out of the JSON results before the records were typed, so a savepoint taken with
 * them restores without them.
 */
public final class EventStoreSinks {

    private EventStoreSinks() {}

    /**
     * @param retentionDays events and snapshots older than this are deleted in the background (0: keep all)
     */
    public static void attach(SingleOutputStreamOperator<DetectionResult> results, String jdbcUrl, int retentionDays) {
        attach(results, jdbcUrl, retentionDays, 0);
    }

    /**
     * @param retentionDays events, snapshots and recordings older than this are deleted in the background (0: keep all)
     * @param recordingsMaxGb each camera's recordings are kept under this size, oldest deleted first (0: no limit)
     */
    public static void attach(SingleOutputStreamOperator<DetectionResult> results, String jdbcUrl, int retentionDays,
            double recordingsMaxGb) {
        results.getSideOutput(DetectionOperator.STORE_RECORDS)
                .keyBy(StoreRecord::streamId, Types.STRING)
                .sinkTo(EventStoreSink.builder()
                        .setJdbcUrl(jdbcUrl)
                        .setRetention(retentionDays > 0 ? Duration.ofDays(retentionDays) : null)
                        .setRecordingsMaxGb(recordingsMaxGb)
                        .build())
                .name("event-store").uid(OperatorUids.STORE_SINK);
    }
}
