package io.streamyolo.job;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.source.RtspSourceOptions;
import io.streamyolo.source.settings.StreamSettings;
import io.streamyolo.track.TrackerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The job's command-line arguments. {@link #USAGE} documents them; {@link #parse} rejects unknown
 * or malformed ones with a message that names them.
 */
public final class JobOptions {

    public static final String USAGE = String.join("\n",
            "Usage: flink run streamyolo-job.jar --model FILE [options]",
            "Model:",
            "  --model FILE               YOLO model: TorchScript or ONNX of Ultralytics' YOLOv8/YOLO11, or ONNX of YOLOX",
            "  --model-type TYPE          auto (default: the file's metadata, else its output's shape), ultralytics or yolox",
            "  --labels FILE              class names, one per line (default: the model's metadata)",
            "  --imgsz N                  input size overriding the model's metadata",
            "  --conf X                   default confidence threshold of a stream (default " + DetectorConfig.DEFAULT_CONFIDENCE + ")",
            "  --iou X                    NMS IoU threshold (default " + DetectorConfig.DEFAULT_IOU + ")",
            "  --classes 0,2              default class filter of a stream (default: all)",
            "  --detect-interval N        default detect_interval of a stream: the model runs on one kept frame in N,",
            "                             the tracker predicts the boxes between (default 1: every kept frame)",
            "  --device auto|cpu          auto (default): the slot's GPU where Flink's GPU resource is configured, else CPU",
            "  --batch-size N             frames per forward pass, across streams (default 4)",
            "  --batch-timeout-ms N       longest wait to fill a batch (default 20)",
            "  --engine-threads N         intra-op threads of the model engines in each TaskManager (default 0:",
            "                             one per core; the decoders and Flink share those cores too)",
            "  --letterbox WHERE          decoders (default): each camera's decoder thread letterboxes the frames it",
            "                             keeps into the model's input, in pooled direct buffers (up to 4 per camera);",
            "                             inference: the inference thread letterboxes each batch (less direct memory)",
            "Tracking:",
            "  --track-lost-ms N          a track unseen this long ends with object_left (default 1500); its box is",
            "                             predicted along its path that long, so a moving object hidden for less keeps its id",
            "  --track-outage-ms N        a camera that sends no frame at all for up to this long (a reconnect) does not",
            "                             age its tracks: the objects still there keep their ids (default 10000, 0 = off)",
            "  --track-min-hits N         detections in a row that confirm a track: object_entered (default 2)",
            "Cameras and commands:",
            "  --control-file FILE        JSON-lines command file, watched for appended lines",
            "  --kafka-bootstrap H:P      Kafka brokers (for --control-topic and --results-topic)",
            "  --control-topic TOPIC      commands from this single-partition Kafka topic",
            "  --stream ID=URL            a camera started at job start (repeatable)",
            "  --max-fps X                default frame-rate cap per stream, 0 = every frame (default "
                    + RtspSourceOptions.DEFAULT_MAX_FPS.defaultValue() + ")",
            "  --allowed-schemes LIST     URL schemes commands may use (default "
                    + String.join(",", RtspSourceOptions.ALLOWED_SCHEMES.defaultValue()) + ")",
            "  --read-timeout-s N         a camera silent this long is reopened (default "
                    + RtspSourceOptions.READ_TIMEOUT.defaultValue().toSeconds() + ")",
            "                             (these three, and the other rtsp.* options of RtspSourceOptions, may also",
            "                             be set in the cluster's config.yaml; an argument given here wins)",
            "Output and runtime:",
            "  --results-topic TOPIC      results to this Kafka topic (default: print to stdout)",
            "  --store URL                track events and snapshots to jdbc:sqlite:FILE or jdbc:postgresql://...",
            "  --retention-days N         events and snapshots older than this are deleted (default 30, 0 = keep)",
            "  --preview-fps X            with --store: each camera's picture to the store X times a second (default 2)",
            "  --exactly-once             Kafka results with transactions (default at-least-once)",
            "  --parallelism N            source and detection subtasks (default: the cluster's default)",
            "  --checkpoint-interval-ms N (default 10000)",
            "  --summary-interval-s N     a summary line per stream in the log every N s (default 5, 0 = off)");

    Path model;
    ModelFamily modelType = ModelFamily.AUTO;
    Path labels;
    int imgsz;
    float conf = DetectorConfig.DEFAULT_CONFIDENCE;
    float iou = DetectorConfig.DEFAULT_IOU;
    Set<Integer> classes;
    String device = "auto";
    int batchSize = 4;
    long batchTimeoutMs = 20;
    int engineThreads;
    boolean letterboxInDecoders = true;
    Path controlFile;
    String kafkaBootstrap;
    String controlTopic;
    final List<String[]> streams = new ArrayList<>();
    /** Null where not given: the source's option (from the configuration, or its default) applies. */
    Double maxFps;
    Set<String> allowedSchemes;
    Integer readTimeoutSeconds;
    String resultsTopic;
    boolean exactlyOnce;
    int parallelism = -1;
    long checkpointIntervalMs = 10_000;
    int summaryIntervalSeconds = 5;
    String store;
    int retentionDays = 30;
    double previewFps = 2;
    long trackLostMs = TrackerConfig.defaults().lostTimeoutMs();
    int trackMinHits = TrackerConfig.defaults().minHits();
    int detectInterval = 1;
    long trackOutageMs = TrackerConfig.defaults().outageLimitMs();

    /** @throws IllegalArgumentException naming the bad argument */
    public static JobOptions parse(String[] args) {
        JobOptions o = new JobOptions();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--exactly-once")) {
                o.exactlyOnce = true;
                continue;
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + name + "'");
            }
            String v = args[++i];
            try {
                switch (name) {
                    case "--model" -> o.model = Path.of(v);
                    case "--model-type" -> {
                        try {
                            o.modelType = ModelFamily.parse(v);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("--model-type: " + e.getMessage(), e);
                        }
                    }
                    case "--labels" -> o.labels = Path.of(v);
                    case "--imgsz" -> o.imgsz = Integer.parseInt(v);
                    case "--conf" -> o.conf = Float.parseFloat(v);
                    case "--iou" -> o.iou = Float.parseFloat(v);
                    case "--classes" -> o.classes = ints(v);
                    case "--detect-interval" -> o.detectInterval = Integer.parseInt(v);
                    case "--device" -> o.device = v.toLowerCase(Locale.ROOT);
                    case "--batch-size" -> o.batchSize = Integer.parseInt(v);
                    case "--batch-timeout-ms" -> o.batchTimeoutMs = Long.parseLong(v);
                    case "--engine-threads" -> o.engineThreads = Integer.parseInt(v);
                    case "--letterbox" -> o.letterboxInDecoders = switch (v) {
                        case "decoders" -> true;
                        case "inference" -> false;
                        default -> throw new IllegalArgumentException("--letterbox must be decoders or inference, got '" + v + "'");
                    };
                    case "--control-file" -> o.controlFile = Path.of(v);
                    case "--kafka-bootstrap" -> o.kafkaBootstrap = v;
                    case "--control-topic" -> o.controlTopic = v;
                    case "--stream" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--stream expects ID=URL");
                        }
                        o.streams.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
                    }
                    case "--max-fps" -> o.maxFps = Double.parseDouble(v);
                    case "--allowed-schemes" -> o.allowedSchemes = Set.of(v.split(","));
                    case "--read-timeout-s" -> o.readTimeoutSeconds = Integer.parseInt(v);
                    case "--results-topic" -> o.resultsTopic = v;
                    case "--parallelism" -> o.parallelism = Integer.parseInt(v);
                    case "--checkpoint-interval-ms" -> o.checkpointIntervalMs = Long.parseLong(v);
                    case "--summary-interval-s" -> o.summaryIntervalSeconds = Integer.parseInt(v);
                    case "--track-lost-ms" -> o.trackLostMs = Long.parseLong(v);
                    case "--store" -> o.store = v;
                    case "--retention-days" -> o.retentionDays = Integer.parseInt(v);
                    case "--preview-fps" -> o.previewFps = Double.parseDouble(v);
                    case "--track-min-hits" -> o.trackMinHits = Integer.parseInt(v);
                    case "--track-outage-ms" -> o.trackOutageMs = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " expects a number, got '" + v + "'");
            }
        }
        o.check();
        return o;
    }

    /** How each stream's objects are tracked; ByteTrack's defaults otherwise. */
    public TrackerConfig trackerConfig() {
        try {
            return TrackerConfig.builder().setLostTimeoutMs(trackLostMs).setMinHits(trackMinHits).setOutageLimitMs(trackOutageMs).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--track-lost-ms / --track-min-hits / --track-outage-ms: " + e.getMessage(), e);
        }
    }

    private void check() {
        if (model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        trackerConfig();
        if (controlFile == null && controlTopic == null && streams.isEmpty()) {
            throw new IllegalArgumentException("no cameras and no control channel: give --control-file, --control-topic or --stream");
        }
        if ((controlTopic != null || resultsTopic != null) && kafkaBootstrap == null) {
            throw new IllegalArgumentException("--control-topic and --results-topic need --kafka-bootstrap");
        }
        if (!device.equals("auto") && !device.equals("cpu")) {
            throw new IllegalArgumentException("--device must be auto or cpu, got " + device);
        }
        if (engineThreads < 0) {
            throw new IllegalArgumentException("--engine-threads must be >= 0 (0: one per core)");
        }
        if (detectInterval < 1 || detectInterval > StreamSettings.MAX_DETECT_INTERVAL) {
            throw new IllegalArgumentException("--detect-interval must be from 1 to " + StreamSettings.MAX_DETECT_INTERVAL
                    + ", got " + detectInterval);
        }
        if (batchSize < 1 || batchTimeoutMs < 0) {
            throw new IllegalArgumentException("--batch-size must be >= 1 and --batch-timeout-ms >= 0");
        }
    }

    private static Set<Integer> ints(String v) {
        Set<Integer> out = new TreeSet<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(Integer.parseInt(p.strip()));
            }
        }
        return out;
    }
}
