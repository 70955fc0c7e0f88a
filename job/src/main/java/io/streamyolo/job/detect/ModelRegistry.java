package io.streamyolo.job.detect;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.YoloDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The models of one detection subtask: the job's default, and those that MODEL commands switch to,
 * each loaded once. A new model loads on a background thread beside the ones in use; the task
 * thread picks the result up with {@link #poll()} and switches then, so the task thread never
 * blocks on a load, and a model that fails to load leaves the old one in place.
 *
 * <p>Commands are untrusted: a model is only looked for in the model directory (that of the job's
 * {@code --model}), by a plain file name.
 *
 * <p>Models are named by their file, or by their file and the family a command forced on it
 * ({@link #key}: "{@code x.onnx as yolox}"), which is then a model of its own. The job's model is
 * its file name, with the family {@code --model-type} gave it.
 */
final class ModelRegistry implements AutoCloseable {

    /** Between a file name and the family forced on it, in a model's name. */
    private static final String FORCED = " as ";

    /**
     * The outcome of a load: the model (null if it was loaded before), or why it failed.
     */
    record Loaded(ModelUser requestedBy, String name, YoloDetector detector, String error) {}

    private final DetectorConfig baseConfig;
    private final Path modelDir;
    private final Map<String, YoloDetector> loaded = new HashMap<>();
    private final ConcurrentLinkedQueue<Loaded> done = new ConcurrentLinkedQueue<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-loader");
        t.setDaemon(true);
        return t;
    });
    private final String defaultName;

    ModelRegistry(DetectorConfig baseConfig) throws DetectorException {
        this.baseConfig = baseConfig;
        this.modelDir = baseConfig.modelPath().toAbsolutePath().getParent();
        this.defaultName = baseConfig.modelPath().getFileName().toString();
        loaded.put(defaultName, YoloDetector.load(baseConfig));
    }

    /** The name of a model file loaded with a forced family ({@code ultralytics}, {@code yolox}), or as its file tells. */
    static String key(String file, String modelType) {
        return file == null || modelType == null || ModelFamily.parse(modelType) == ModelFamily.AUTO
                ? file : file + FORCED + ModelFamily.parse(modelType).configName();
    }

    String defaultName() {
        return defaultName;
    }

    YoloDetector get(String name) {
        return loaded.get(name);
    }

    boolean isLoaded(String name) {
        return loaded.containsKey(name);
    }

    /**
     * Starts loading a model unless it is loaded; {@code requestedBy} comes back with the result.
     */
    void request(ModelUser requestedBy, String name) {
        if (loaded.containsKey(name)) {
            done.add(new Loaded(requestedBy, name, null, null)); // loaded already: switch at the next poll
            return;
        }
        String fileName = name;
        ModelFamily family = ModelFamily.AUTO;
        int forced = name.lastIndexOf(FORCED);
        if (forced > 0) {
            try {
                family = ModelFamily.parse(name.substring(forced + FORCED.length()));
                fileName = name.substring(0, forced);
            } catch (IllegalArgumentException e) {
                // No family after it: " as " is part of the file's name.
            }
        }
        Path file;
        try {
            file = resolve(fileName);
        } catch (IllegalArgumentException e) {
            done.add(new Loaded(requestedBy, name, null, e.getMessage()));
            return;
        }
        ModelFamily chosen = family;
        loader.submit(() -> {
            try {
                // The job's --model-type is its model's: another file's family comes from the command or the file.
                DetectorConfig config = baseConfig.toBuilder().setModelPath(file).optLabelsPath(null).optInputSize(0)
                        .optModelFamily(chosen).build();
                done.add(new Loaded(requestedBy, name, YoloDetector.load(config), null));
            } catch (DetectorException | RuntimeException e) {
                done.add(new Loaded(requestedBy, name, null, e.getMessage()));
            }
        });
    }

    /** Task thread: the loads finished since the last call; successful ones are registered. */
    List<Loaded> poll() {
        if (done.isEmpty()) {
            return List.of(); // the usual case: called for every frame
        }
        List<Loaded> results = new ArrayList<>();
        for (Loaded l; (l = done.poll()) != null; ) {
            if (l.detector() != null) {
                YoloDetector previous = loaded.putIfAbsent(l.name(), l.detector());
                if (previous != null) {
                    l.detector().close(); // loaded twice by two requests: keep the first
                }
            }
            results.add(l);
        }
        return results;
    }

    /** Closes models that no stream uses any more (never the default). */
    void retainOnly(java.util.Collection<String> inUse) {
        loaded.entrySet().removeIf(e -> {
            if (!e.getKey().equals(defaultName) && !inUse.contains(e.getKey())) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        loader.shutdownNow();
        loaded.values().forEach(YoloDetector::close);
        loaded.clear();
        for (Loaded l; (l = done.poll()) != null; ) {
            if (l.detector() != null) {
                l.detector().close();
            }
        }
    }

    private Path resolve(String name) {
        Path file = modelDir.resolve(name).normalize();
        if (name.contains("/") || name.contains("\\") || !file.getParent().equals(modelDir)) {
            throw new IllegalArgumentException("model '" + name + "' must be a file name in the model directory " + modelDir);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file not found: " + file);
        }
        return file;
    }
}
