package io.streamyolo.job.detect;

import io.streamyolo.control.redact.Redaction;
import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.ModelMetadata;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stream's detection settings in effect, from its START and UPDATE commands ({@link
 * StreamSettings}): {@code conf} (confidence threshold), {@code classes} (class ids to keep, the
 * names resolved with the stream's model; null keeps all) and {@code priority} (under overload,
 * streams of higher priority are detected first; default 0).
 */
public record DetectionSettings(float confidence, Set<Integer> classes, int priority) implements Serializable {

    public DetectionSettings {
        classes = classes == null ? null : Set.copyOf(classes);
    }

    public DetectionSettings(float confidence, Set<Integer> classes) {
        this(confidence, classes, 0);
    }

    public boolean keeps(int classId, float score) {
        return score >= confidence && keepsClass(classId);
    }

    public boolean keepsClass(int classId) {
        return classes == null || classes.contains(classId);
    }

    /**
     * These settings with a command's settings applied ({@code conf}, {@code classes}, {@code
     * priority}; the others are not detection settings). Class names become the model's ids here.
     *
     * @param modelName the file name of the stream's model, for messages
     * @param model what the stream's model detects: the valid class ids and their names
     * @throws IllegalArgumentException naming a class the model does not have
     */
    public DetectionSettings with(StreamSettings update, String modelName, ModelMetadata model) {
        Set<Integer> keep = classes;
        if (update.classes() != null) {
            Set<Integer> ids = new TreeSet<>();
            for (ClassRef c : update.classes()) {
                ids.add(classId(c, modelName, model));
            }
            keep = ids.isEmpty() ? null : ids;
        }
        return new DetectionSettings(update.conf() != null ? update.conf() : confidence, keep,
                update.priority() != null ? update.priority() : priority);
    }

    /**
     * Checks class ids given as a job argument ({@code --classes}) against the default model.
     *
     * @throws IllegalArgumentException naming the ids the model does not have
     */
    public void checkClasses(String modelName, ModelMetadata model) {
        if (classes != null) {
            for (int id : classes) {
                classId(ClassRef.ofId(id), modelName, model);
            }
        }
    }

    /** A class id from an id or a name, checked against the model's classes. */
    static int classId(ClassRef c, String modelName, ModelMetadata model) {
        int count = model.classCount();
        if (!c.isName()) {
            if (count > 0 && c.id() >= count) {
                throw new IllegalArgumentException("class id " + c.id() + " is not in the model: " + modelName
                        + " has class ids 0-" + (count - 1) + " (" + names(model) + ")");
            }
            return c.id();
        }
        int id = model.classNames().indexOf(c.name());
        if (id < 0) {
            throw new IllegalArgumentException("class '" + Redaction.redactAndTruncate(c.name(), 40) + "' is not in the model: "
                    + (count == 0 ? modelName + " names no classes: use class ids" : modelName + " has " + names(model)));
        }
        return id;
    }

    /** The model's class names, the first 20 of them for models with many. */
    private static String names(ModelMetadata model) {
        List<String> names = model.classNames();
        String shown = String.join(", ", names.subList(0, Math.min(20, names.size())));
        return names.size() > 20 ? shown + ", ... (" + names.size() + " classes)" : shown;
    }
}
