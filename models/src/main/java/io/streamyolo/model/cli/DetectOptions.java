package io.streamyolo.model.cli;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The arguments of {@link DetectCommand}, each with its help and default in its annotation, and
 * checked: a model, and input files that exist.
 *
 * <pre>{@code
 * DetectOptions o = DetectOptions.parse(new String[] {"--model", "m.onnx", "--out", "out", "street.jpg"});
 * }</pre>
 */
@Command(name = "detect", customSynopsis = "detect --model FILE [options] INPUT...", sortOptions = false, usageHelpWidth = 110)
final class DetectOptions {

    /** The input files read as images; any other is read as a video. */
    static final String IMAGE_TYPES = "bmp, gif, jpeg, jpg, png";
    static final Set<String> IMAGE_EXTENSIONS = Set.of(IMAGE_TYPES.split(", "));

    /** The generated help, values after a space as in the examples (picocli writes '=', which parses too). */
    static final String USAGE = new CommandLine(new DetectOptions()).setSeparator(" ").getUsageMessage();

    @Parameters(paramLabel = "INPUT", description = {"image files (" + IMAGE_TYPES + ") and video files",
        "(any other file: anything FFmpeg reads)"})
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--model", paramLabel = "FILE", description = {
        "YOLO model: TorchScript or ONNX of Ultralytics' YOLOv8/YOLO11, or ONNX of YOLOX;",
        "ONNX when it ends in .onnx ('yolo export format=onnx dynamic=True'), else",
        "TorchScript ('yolo export format=torchscript')"})
    Path model;

    @Option(names = "--model-type", paramLabel = "T", defaultValue = "auto", converter = ModelFamilyOption.Converter.class,
            completionCandidates = ModelFamilyOption.Names.class, description = {
                "${COMPLETION-CANDIDATES}: the model's family (default ${DEFAULT-VALUE}: from the",
                "model's metadata, else its output's shape); ultralytics: YOLOv8/YOLO11 exports,",
                "yolox: YOLOX exports (tools/export_onnx.py), with or without the decode inside"})
    ModelFamily modelType;

    @Option(names = "--labels", paramLabel = "FILE", description = "class names, one per line (default: the model's metadata)")
    Path labels;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "detect-out",
            description = "where annotated images and detections.jsonl go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--conf", paramLabel = "X", defaultValue = "" + DetectorConfig.DEFAULT_CONFIDENCE,
            description = "confidence threshold (default ${DEFAULT-VALUE})")
    float conf;

    @Option(names = "--iou", paramLabel = "X", defaultValue = "" + DetectorConfig.DEFAULT_IOU,
            description = "NMS IoU threshold (default ${DEFAULT-VALUE})")
    float iou;

    @Option(names = "--classes", paramLabel = "LIST", description = "class ids to keep, e.g. 0,2 (default: all)")
    String classes;

    @Option(names = "--imgsz", paramLabel = "N", description = "input size overriding the model's metadata, a multiple of 32")
    int imgsz;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "cpu", description = "cpu (default) or gpu:N")
    String device;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "frames per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--every", paramLabel = "N", defaultValue = "30",
            description = "for a video, write every Nth annotated frame (default ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--max-frames", paramLabel = "N", description = "for a video, stop after N frames (default: all)")
    long maxFrames = Long.MAX_VALUE;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    /**
     * Parses and checks the arguments.
     *
     * @return the options; null when help was asked for
     * @throws IllegalArgumentException naming the bad argument
     */
    static DetectOptions parse(String[] args) {
        DetectOptions o = new DetectOptions();
        // An option given twice takes its last value.
        CommandLine commandLine = new CommandLine(o).setOverwrittenOptionsAllowed(true);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        if (commandLine.isUsageHelpRequested()) {
            return null;
        }
        if (o.model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        if (o.inputs.isEmpty()) {
            throw new IllegalArgumentException("no input files given");
        }
        for (Path input : o.inputs) {
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("input file not found: " + input);
            }
        }
        // Fewer than one would never run or write anything.
        o.batch = Math.max(1, o.batch);
        o.every = Math.max(1, o.every);
        return o;
    }

    /**
     * The detector's configuration.
     *
     * @throws IllegalArgumentException for a value the detector does not accept (device, ranges)
     */
    DetectorConfig detectorConfig() {
        DetectorConfig.Builder config = DetectorConfig.builder()
                .setModelPath(model)
                .optModelFamily(modelType)
                .optLabelsPath(labels)
                .optConfidenceThreshold(conf)
                .optIouThreshold(iou)
                .optInputSize(imgsz)
                .optDevice(device);
        if (classes != null) {
            config.optClassFilter(classIds(classes));
        }
        try {
            return config.build();
        } catch (IllegalStateException e) {
            // A value out of range (--conf, --iou, --imgsz): the builder checks them.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether the input is read as an image (by its extension), else as a video. */
    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    // ------------------------------------------------------------------------------------------

    private static Set<Integer> classIds(String list) {
        Set<Integer> ids = new HashSet<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                try {
                    ids.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--classes expects class ids, e.g. 0,2, got '" + list + "'");
                }
            }
        }
        return ids;
    }

    /** Picocli's message about bad arguments, in the words of the other messages. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            return "unknown option " + unmatched.getUnmatched().get(0);
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().get(0) instanceof OptionSpec option) {
            return "missing value after " + option.longestName();
        }
        if (e.getArgSpec() instanceof OptionSpec option) {
            Class<?> type = option.type();
            if (type == int.class || type == long.class || type == float.class) {
                return option.longestName() + " expects a number, got '" + e.getValue() + "'";
            }
            if (e.getCause() instanceof TypeConversionException expected) {
                return option.longestName() + " must be " + expected.getMessage() + ", got '" + e.getValue() + "'";
            }
        }
        return e.getMessage();
    }
}
