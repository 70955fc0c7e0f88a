package io.streamyolo.job;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.cli.ModelFamilyOption;
import io.streamyolo.source.RtspSourceOptions;
import io.streamyolo.track.TrackerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The job's command-line arguments, each with its help and default in its annotation. {@link
 * #USAGE} is generated from them; {@link #parse} rejects unknown or malformed ones with a message
 * that names them. It is long because the job has many options (34, each a field with its
 * help), not because it does several things.
 *
 * <pre>{@code
 * JobOptions o = JobOptions.parse(new String[] {"--model", "m.onnx", "--control-file", "work/commands.jsonl"});
 * }</pre>
 */
@Command(name = "streamyolo-job", customSynopsis = "flink run streamyolo-job.jar --model FILE [options]",
        sortOptions = false, usageHelpWidth = 120)
public final class JobOptions {

    /** The help: the options in sections, each under the heading given before its first option. */
    private static final Map<String, String> HEADINGS = Map.of(
            "--model", "Model:",
            "--track-lost-ms", "Tracking:",
            "--control-file", "Cameras and commands:",
            "--results-topic", "Output and runtime:");

    public static final String USAGE = usage();

    // Model.

    @Option(names = "--model", paramLabel = "FILE",
            description = "YOLO model: TorchScript or ONNX of Ultralytics' YOLOv8/YOLO11, or ONNX of YOLOX")
    Path model;

    @Option(names = "--model-type", paramLabel = "TYPE", defaultValue = "auto", converter = ModelFamilyOption.Converter.class,
            completionCandidates = ModelFamilyOption.Names.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: the file's metadata, else its output's shape)")
    ModelFamily modelType;

    @Option(names = "--labels", paramLabel = "FILE", description = "class names, one per line (default: the model's metadata)")
    Path labels;

    @Option(names = "--imgsz", paramLabel = "N", description = "input size overriding the model's metadata")
    int imgsz;

    @Option(names = "--conf", paramLabel = "X", defaultValue = "" + DetectorConfig.DEFAULT_CONFIDENCE,
            description = "default confidence threshold of a stream (default ${DEFAULT-VALUE})")
    float conf;

    @Option(names = "--iou", paramLabel = "X", defaultValue = "" + DetectorConfig.DEFAULT_IOU,
            description = "NMS IoU threshold (default ${DEFAULT-VALUE})")
    float iou;

    @Option(names = "--classes", paramLabel = "0,2", description = "default class filter of a stream (default: all)")
    String classList;

    /** From {@link #classList}, by {@link #check}; null where not given: every class. */
    Set<Integer> classes;

    @Option(names = "--detect-interval", paramLabel = "N", defaultValue = "1", description = {
        "default detect_interval of a stream: the model runs on one kept frame in N,",
        "the tracker predicts the boxes between (default ${DEFAULT-VALUE}: every kept frame)"})
    int detectInterval;

    @Option(names = "--device", paramLabel = "auto|cpu", defaultValue = "auto",
            description = "auto (default): the slot's GPU where Flink's GPU resource is configured, else CPU")
    String device;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "4",
            description = "frames per forward pass, across streams (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--batch-timeout-ms", paramLabel = "N", defaultValue = "20",
            description = "longest wait to fill a batch (default ${DEFAULT-VALUE})")
    long batchTimeoutMs;

    @Option(names = "--engine-threads", paramLabel = "N", defaultValue = "0", description = {
        "intra-op threads of the model engines in each TaskManager (default ${DEFAULT-VALUE}:",
        "one per core; the decoders and Flink share those cores too)"})
    int engineThreads;

    @Option(names = "--letterbox", paramLabel = "WHERE", defaultValue = "decoders", description = {
        "decoders (default): each camera's decoder thread letterboxes the frames it",
        "keeps into the model's input, in pooled direct buffers (up to 4 per camera);",
        "inference: the inference thread letterboxes each batch (less direct memory)"})
    String letterbox;

    /** From {@link #letterbox}, by {@link #check}. */
    boolean letterboxInDecoders;

    // Tracking: ByteTrack's defaults.

    @Option(names = "--track-lost-ms", paramLabel = "N", description = {
        "a track unseen this long ends with object_left (default ${DEFAULT-VALUE}); its box is",
        "predicted along its path that long, so a moving object hidden for less keeps its id"})
    long trackLostMs = TrackerConfig.defaults().lostTimeoutMs();

    @Option(names = "--track-outage-ms", paramLabel = "N", description = {
        "a camera that sends no frame at all for up to this long (a reconnect) does not",
        "age its tracks: the objects still there keep their ids (default ${DEFAULT-VALUE}, 0 = off)"})
    long trackOutageMs = TrackerConfig.defaults().outageLimitMs();

    @Option(names = "--track-min-hits", paramLabel = "N",
            description = "detections in a row that confirm a track: object_entered (default ${DEFAULT-VALUE})")
    int trackMinHits = TrackerConfig.defaults().minHits();

    // Cameras and commands.

    @Option(names = "--control-file", paramLabel = "FILE", description = "JSON-lines command file, watched for appended lines")
    Path controlFile;

    @Option(names = "--kafka-bootstrap", paramLabel = "H:P", description = "Kafka brokers (for --control-topic and --results-topic)")
    String kafkaBootstrap;

    @Option(names = "--control-topic", paramLabel = "TOPIC", description = "commands from this single-partition Kafka topic")
    String controlTopic;

    /** Each {id, url}. */
    @Option(names = "--stream", paramLabel = "ID=URL", converter = Camera.class,
            description = "a camera started at job start (repeatable)")
    List<String[]> streams = new ArrayList<>();

    // These three are null where not given: the source's option (from the configuration, or its
    // default) applies. The help shows the source's defaults (SourceDefaults).

    @Option(names = "--max-fps", paramLabel = "X",
            description = "default frame-rate cap per stream, 0 = every frame (default ${DEFAULT-VALUE})")
    Double maxFps;

    @Option(names = "--allowed-schemes", paramLabel = "LIST", split = ",", hideParamSyntax = true,
            description = "URL schemes commands may use (default ${DEFAULT-VALUE})")
    Set<String> allowedSchemes;

    @Option(names = "--read-timeout-s", paramLabel = "N", description = {
        "a camera silent this long is reopened (default ${DEFAULT-VALUE})",
        "(these three, and the other rtsp.* options of RtspSourceOptions, may also",
        "be set in the cluster's config.yaml; an argument given here wins)"})
    Integer readTimeoutSeconds;

    // Output and runtime.

    @Option(names = "--results-topic", paramLabel = "TOPIC", description = "results to this Kafka topic (default: print to stdout)")
    String resultsTopic;

    @Option(names = "--store", paramLabel = "URL",
            description = "track events and snapshots to jdbc:sqlite:FILE or jdbc:postgresql://...")
    String store;

    @Option(names = "--retention-days", paramLabel = "N", defaultValue = "30",
            description = "events, snapshots and recordings older than this are deleted (default ${DEFAULT-VALUE}, 0 = keep)")
    int retentionDays;

    @Option(names = "--recordings", paramLabel = "DIR", description = {
        "cameras whose settings say 'record' write their MP4 clips here (on several",
        "machines, a directory every TaskManager reaches; default: nothing is recorded)"})
    Path recordings;

    @Option(names = "--recordings-max-gb", paramLabel = "X", defaultValue = "0",
            description = "with --store: each camera's recordings are kept under X GB, oldest deleted first (default 0 = no limit)")
    double recordingsMaxGb;

    @Option(names = "--preview-fps", paramLabel = "X", defaultValue = "2",
            description = "with --store: each camera's picture to the store X times a second (default ${DEFAULT-VALUE})")
    double previewFps;

    @Option(names = "--exactly-once", description = "Kafka results with transactions (default at-least-once)")
    boolean exactlyOnce;

    /** -1: the cluster's default. */
    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "-1",
            description = "source and detection subtasks (default: the cluster's default)")
    int parallelism;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "N", defaultValue = "10000",
            description = "checkpoint every N ms (default ${DEFAULT-VALUE}, 0 = off)")
    long checkpointIntervalMs;

    @Option(names = "--summary-interval-s", paramLabel = "N", defaultValue = "5",
            description = "a summary line per stream in the log every N s (default ${DEFAULT-VALUE}, 0 = off)")
    int summaryIntervalSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    /**
     * Parses and checks the arguments.
     *
     * @return the options; null when help was asked for
     * @throws IllegalArgumentException naming the bad argument
     */
    public static JobOptions parse(String[] args) {
        JobOptions o = new JobOptions();
        // As before picocli: an option given twice takes its last value (--stream adds a camera each time).
        CommandLine commandLine = new CommandLine(o).setOverwrittenOptionsAllowed(true);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        if (commandLine.isUsageHelpRequested()) {
            return null;
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

    // ------------------------------------------------------------------------------------------

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
        if (classList != null) {
            classes = classIds(classList);
        }
        if (!letterbox.equals("decoders") && !letterbox.equals("inference")) {
            throw new IllegalArgumentException("--letterbox must be decoders or inference, got '" + letterbox + "'");
        }
        letterboxInDecoders = letterbox.equals("decoders");
        device = device.toLowerCase(Locale.ROOT);
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
        if (recordingsMaxGb < 0) {
            throw new IllegalArgumentException("--recordings-max-gb must be >= 0 (0: no limit), got " + recordingsMaxGb);
        }
        if (recordings != null && Files.exists(recordings) && !Files.isDirectory(recordings)) {
            throw new IllegalArgumentException("--recordings " + recordings + " is not a directory");
        }
    }

    /** The ids of a comma-separated list, blanks around them and empty ones left out. */
    private static Set<Integer> classIds(String list) {
        Set<Integer> ids = new TreeSet<>();
        for (String id : list.split(",")) {
            if (!id.isBlank()) {
                try {
                    ids.add(Integer.parseInt(id.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--classes expects a number, got '" + list + "'");
                }
            }
        }
        return ids;
    }

    /** The generated help, values after a space as in the examples (picocli writes '=', which parses too). */
    private static String usage() {
        CommandLine commandLine = new CommandLine(new JobOptions())
                .setSeparator(" ")
                .setUsageHelpLongOptionsMaxWidth(26)
                .setDefaultValueProvider(new SourceDefaults());
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, JobOptions::optionSections);
        return commandLine.getUsageMessage();
    }

    /** The option list, in declaration order, with a heading before each section. */
    private static String optionSections(Help help) {
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : help.commandSpec().options()) {
            String heading = HEADINGS.get(option.longestName());
            if (heading != null) {
                out.append(heading).append(System.lineSeparator());
            }
            out.append(help.optionListExcludingGroups(List.of(option), help.createDefaultLayout(), null,
                    help.createDefaultParamLabelRenderer()));
        }
        return out.toString();
    }

    /** Picocli's message about bad arguments, in the words of the other messages. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            String arg = unmatched.getUnmatched().get(0);
            return arg.startsWith("-") ? "unknown option " + arg : "expected --option value, got '" + arg + "'";
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        if (e.getArgSpec() instanceof OptionSpec option) {
            if (option.arity().max() == 0) {
                return option.longestName() + " takes no value";
            }
            Class<?> type = option.type();
            if (type == int.class || type == long.class || type == float.class || type == double.class
                    || Number.class.isAssignableFrom(type)) {
                return option.longestName() + " expects a number, got '" + e.getValue() + "'";
            }
            if (e.getCause() instanceof TypeConversionException expected) {
                return option.longestName() + " must be " + expected.getMessage() + ", got '" + e.getValue() + "'";
            }
        }
        return e.getMessage();
    }

    /**
     * The defaults the help shows for the options that stay null when not given: the source's own
     * (its {@link RtspSourceOptions}), which the cluster's configuration may change. Only the help
     * uses it; parsing must leave these fields null.
     */
    private static final class SourceDefaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (!(argSpec instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--max-fps" -> String.valueOf(RtspSourceOptions.DEFAULT_MAX_FPS.defaultValue());
                case "--allowed-schemes" -> String.join(",", RtspSourceOptions.ALLOWED_SCHEMES.defaultValue());
                case "--read-timeout-s" -> String.valueOf(RtspSourceOptions.READ_TIMEOUT.defaultValue().toSeconds());
                default -> null;
            };
        }
    }

    /** {@code --stream ID=URL}: {id, url}. */
    static final class Camera implements ITypeConverter<String[]> {
        @Override
        public String[] convert(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("ID=URL");
            }
            return new String[] {text.substring(0, eq), text.substring(eq + 1)};
        }
    }
}
