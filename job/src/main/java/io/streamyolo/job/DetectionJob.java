package io.streamyolo.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.job.detect.DetectionOperator;
import io.streamyolo.job.detect.DetectionResult;
import io.streamyolo.job.detect.DetectionSettings;
import io.streamyolo.job.detect.DetectionSetup;
import io.streamyolo.job.sink.EventStoreSinks;
import io.streamyolo.job.sink.ResultSinks;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.Engines;
import io.streamyolo.source.RtspSource;
import io.streamyolo.source.RtspSourceBuilder;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job: cameras (RTSP source) chained with batched YOLO detection, results to stdout or Kafka.
 *
 * <pre>
 * flink run streamyolo-job.jar --model models/files/shapes-yolo-320.torchscript \
 *     --control-file work/commands.jsonl --stream cam1=rtsp://127.0.0.1:8554/cam1
 * </pre>
 *
 * <p>Operators and their state (stable uids, for savepoint upgrades): {@code rtsp-source} keeps
 * the registry of streams (which run, their URL and settings, their reader) and how far each
 * control channel was read; {@code yolo-detect} keeps each stream's frame_seq and counters (see
 * {@link io.streamyolo.job.detect.StreamProgress}); frames themselves are live and never replayed.
 */
public final class DetectionJob {

    private DetectionJob() {}

    public static void main(String[] args) throws Exception {
        Engines.configure(); // DJL offline etc.; TaskManagers get the same as -D options (flink-conf)
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            // Fail fast at submission, with what is wrong: 'flink run' shows no job and no stack trace.
            System.err.println("streamyolo: " + e.getMessage());
            System.err.print(JobOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(JobOptions.USAGE);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (options.parallelism > 0) {
            env.setParallelism(options.parallelism);
        }
        if (options.checkpointIntervalMs > 0) {
            env.enableCheckpointing(options.checkpointIntervalMs);
        }
        if (options.store != null) {
            try {
                System.out.println("streamyolo: event store " + checkStore(options.store));
            } catch (StoreException e) {
                System.err.println("streamyolo: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        SingleOutputStreamOperator<DetectionResult> results = build(env, options);
        ResultSinks.attach(results, options.kafkaBootstrap, options.resultsTopic, options.exactlyOnce);
        if (options.store != null) {
            EventStoreSinks.attach(results, options.store, options.retentionDays, options.recordingsMaxGb);
        }
        env.execute("streamyolo: YOLO on RTSP cameras");
    }

    /**
     * Opens the event store once, at submission: the schema is created or upgraded now, and a
     * store that cannot be used stops {@code flink run} with the reason rather than the job in a
     * restart loop.
     *
     * @return the store's description (the SQLite file, or the URL with its password masked)
     * @throws StoreException naming the store (password masked) and the cause
     */
    static String checkStore(String url) throws StoreException {
        try (EventStore store = EventStore.open(url)) {
            return store.description();
        }
    }

    /** Source and detection, wired; the caller adds the sink. */
    public static SingleOutputStreamOperator<DetectionResult> build(StreamExecutionEnvironment env, JobOptions o) {
        // rtsp.* options of the cluster's configuration first; the job's arguments win over them.
        RtspSourceBuilder source = RtspSource.builder().setOptions(env.getConfiguration());
        if (o.allowedSchemes != null) {
            source.setAllowedSchemes(o.allowedSchemes);
        }
        if (o.maxFps != null) {
            source.setDefaultMaxFps(o.maxFps);
        }
        if (o.readTimeoutSeconds != null) {
            source.setReadTimeout(Duration.ofSeconds(o.readTimeoutSeconds));
        }
        if (o.controlFile != null) {
            source.setControlFile(o.controlFile.toAbsolutePath());
        }
        if (o.recordings != null) {
            source.setRecordings(o.recordings.toAbsolutePath().toString());
        }
        if (o.controlTopic != null) {
            source.setKafkaControl(o.kafkaBootstrap, o.controlTopic);
        }
        for (String[] stream : o.streams) {
            ObjectNode start = JsonNodeFactory.instance.objectNode();
            start.put("type", "START").put("stream_id", stream[0]).put("rtsp", stream[1]);
            source.addInitialCommand(start.toString());
        }
        DetectorConfig.Builder detector = DetectorConfig.builder()
                .setModelPath(o.model.toAbsolutePath())
                .optLabelsPath(o.labels == null ? null : o.labels.toAbsolutePath())
                .optModelFamily(o.modelType)
                .optInputSize(o.imgsz)
                .optIouThreshold(o.iou)
                .optEngineThreads(o.engineThreads)
                // The model keeps every box a stream could ask for; each stream's own threshold filters after.
                .optConfidenceThreshold(Math.min(o.conf, 0.1f));
        if (o.device.equals("cpu")) {
            detector.optCpu();
        }
        DataStream<CameraEvent> events = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "rtsp-cameras")
                .uid(OperatorUids.SOURCE);
        // Same parallelism, forward: each detection subtask is chained to its source subtask.
        return events.transform("yolo-detect", TypeInformation.of(DetectionResult.class),
                        new DetectionOperator(new DetectionSetup(detector.build(), new DetectionSettings(o.conf, o.classes),
                                o.batchSize, o.batchTimeoutMs, o.summaryIntervalSeconds * 1000L, o.trackerConfig(),
                                o.store != null, o.previewFps, o.letterboxInDecoders, o.detectInterval)))
                .uid(OperatorUids.DETECT);
    }
}
