package io.streamyolo.control.settings;

import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;
import java.io.Serializable;
import java.util.List;

/**
 * A stream's settings for the detection stage, as one START, UPDATE or MODEL command gives them:
 * parsed and checked once, where the command is parsed ({@link StreamSettingsJson}), then carried as
 * they are (enumerator checkpoint, split, in-band event) to the detection subtask. A null field was
 * not given: applying these settings keeps the stream's value for it.
 *
 * <p>Adding a field: a component here and in {@link #then}, its JSON in {@link StreamSettingsJson},
 * its bytes in {@link StreamSettingsSerializer} (a new version there).
 *
 * @param conf confidence threshold, 0 to 1
 * @param classes classes to keep, by id or name (checked against the stream's model in the
 *     detection subtask, where the model is known); empty keeps all
 * @param priority under overload, streams of higher priority are detected first; -1000 to 1000
 * @param model a model file name in the job's model directory (checked where models load)
 * @param zones replace the stream's zones
 * @param lines replace the stream's counting lines
 * @param previewFps pictures of the camera per second for the dashboard, at most (0 to 30; the
 *     dashboard asks for more while someone watches the camera, fewer when no one does)
 * @param modelType the family of {@code model} when its file does not tell ({@link #MODEL_TYPES});
 *     only with a model
 * @param motion motion gating: which frames skip the model for lack of motion (the decoder thread
 *     measures motion, the detection subtask gates); its own fields merge one by one
 * @param detectInterval the model runs on one kept frame in this many, the tracker predicts the
 *     boxes of the others (1: every kept frame; 1 to {@link #MAX_DETECT_INTERVAL})
 * @param record recording: whether and when the decoder writes the camera's packets to MP4 files;
 *     its own fields merge one by one
 */
public record StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones,
        List<Line> lines, Double previewFps, String modelType, MotionSettings motion, Integer detectInterval,
        RecordSettings record) implements Serializable {

    /** No field given. */
    public static final StreamSettings NONE = new StreamSettings(null, null, null, null, null, null, null, null, null, null, null);

    /**
     * The model types a command may force; the names of the models module's {@code ModelFamily},
     * which this module does not depend on (the job maps them).
     */
    public static final List<String> MODEL_TYPES = List.of("auto", "ultralytics", "yolox");

    public static final double MAX_PREVIEW_FPS = 30;

    /** Half a second between detections at 60 fps; beyond it a tracker's guess is no box. */
    public static final int MAX_DETECT_INTERVAL = 30;

    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    public StreamSettings {
        classes = classes == null ? null : List.copyOf(classes);
        zones = zones == null ? null : List.copyOf(zones);
        lines = lines == null ? null : List.copyOf(lines);
        motion = motion == null || motion.isEmpty() ? null : motion;
        record = record == null || record.isEmpty() ? null : record;
        if (conf != null && !(conf >= 0 && conf <= 1)) {
            throw new IllegalArgumentException("conf must be from 0 to 1, got " + conf);
        }
        if (priority != null && (priority < MIN_PRIORITY || priority > MAX_PRIORITY)) {
            throw new IllegalArgumentException("priority must be from " + MIN_PRIORITY + " to " + MAX_PRIORITY + ", got " + priority);
        }
        if (previewFps != null && !(previewFps >= 0 && previewFps <= MAX_PREVIEW_FPS)) {
            throw new IllegalArgumentException("preview_fps must be from 0 to " + MAX_PREVIEW_FPS + ", got " + previewFps);
        }
        if (detectInterval != null && (detectInterval < 1 || detectInterval > MAX_DETECT_INTERVAL)) {
            throw new IllegalArgumentException("detect_interval must be from 1 to " + MAX_DETECT_INTERVAL + ", got " + detectInterval);
        }
        if (modelType != null && (model == null || !MODEL_TYPES.contains(modelType))) {
            throw new IllegalArgumentException(model == null ? "model_type needs a model"
                    : "model_type must be one of " + String.join(", ", MODEL_TYPES) + ", got '" + modelType + "'");
        }
    }

    /** Settings from the ten fields a command gave before recording. */
    public StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones, List<Line> lines,
            Double previewFps, String modelType, MotionSettings motion, Integer detectInterval) {
        this(conf, classes, priority, model, zones, lines, previewFps, modelType, motion, detectInterval, null);
    }

    /** Settings from the nine fields a command gave before detection intervals. */
    public StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones, List<Line> lines,
            Double previewFps, String modelType, MotionSettings motion) {
        this(conf, classes, priority, model, zones, lines, previewFps, modelType, motion, null);
    }

    /** Settings from the eight fields a command gave before motion gating. */
    public StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones, List<Line> lines,
            Double previewFps, String modelType) {
        this(conf, classes, priority, model, zones, lines, previewFps, modelType, null);
    }

    /** Settings from the seven fields a command gave before models had a type. */
    public StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones, List<Line> lines,
            Double previewFps) {
        this(conf, classes, priority, model, zones, lines, previewFps, null, null);
    }

    /** Settings from the six fields a command gave before previews had a rate of their own. */
    public StreamSettings(Float conf, List<ClassRef> classes, Integer priority, String model, List<Zone> zones, List<Line> lines) {
        this(conf, classes, priority, model, zones, lines, null);
    }

    public static StreamSettings ofModel(String model) {
        return ofModel(model, null);
    }

    public static StreamSettings ofModel(String model, String modelType) {
        return new StreamSettings(null, null, null, model, null, null, null, modelType);
    }

    /** These settings with those that {@code later} gives replacing theirs. */
    public StreamSettings then(StreamSettings later) {
        return new StreamSettings(
                later.conf != null ? later.conf : conf,
                later.classes != null ? later.classes : classes,
                later.priority != null ? later.priority : priority,
                later.model != null ? later.model : model,
                later.zones != null ? later.zones : zones,
                later.lines != null ? later.lines : lines,
                later.previewFps != null ? later.previewFps : previewFps,
                // A new model comes with its own type (none: its file tells).
                later.model != null ? later.modelType : modelType,
                motion == null ? later.motion : motion.then(later.motion),
                later.detectInterval != null ? later.detectInterval : detectInterval,
                record == null ? later.record : record.then(later.record));
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
