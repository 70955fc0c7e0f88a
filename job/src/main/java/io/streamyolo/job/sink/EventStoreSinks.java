package io.streamyolo.job.sink;

import io.streamyolo.job.OperatorUids;
import io.streamyolo.job.detect.DetectionOperator;
import io.streamyolo.job.detect.DetectionResult;
import io.streamyolo.store.sink.EventStoreSink;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Track events, snapshots, camera pictures and states into the event store (SQLite or PostgreSQL),
 * beside the results sink. Only they cross the network (keyed by stream, so that a camera's
 * records stay in order): the per-frame detections and status events do not go to the store.
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
        DataStream<DetectionResult> records = results.filter(new TrackEvents()).name("track-events").uid(OperatorUids.STORE_EVENTS)
                .union(results.getSideOutput(DetectionOperator.STORE_RECORDS));
        records.keyBy(DetectionResult::streamId)
                .map(new Json()).returns(Types.STRING).name("store-json").uid(OperatorUids.STORE_JSON)
                .sinkTo(EventStoreSink.builder()
                        .setJdbcUrl(jdbcUrl)
                        .setRetention(retentionDays > 0 ? Duration.ofDays(retentionDays) : null)
                        .setRecordingsMaxGb(recordingsMaxGb)
                        .build())
                .name("event-store").uid(OperatorUids.STORE_SINK);
    }

    /**
     * The track events among the results: they carry a {@code track_id}; so may a frame's
     * detections, in the boxes it predicts for tracks missed in the frame, but those are no event.
     */
    static final class TrackEvents implements FilterFunction<DetectionResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DetectionResult r) {
            String json = r.json();
            return json.contains("\"track_id\":") && !json.contains("\"event\":\"detections\"");
        }
    }

    static final class Json implements MapFunction<DetectionResult, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(DetectionResult r) {
            return r.json();
        }
    }
}
