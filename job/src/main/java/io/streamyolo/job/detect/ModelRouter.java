package io.streamyolo.job.detect;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.event.VideoFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which model each stream uses: the job's default, the job's choice from a MODEL command, or the
 * stream's own; and which streams wait for a model that is still loading. Loads run in the {@link
 * ModelRegistry}; a stream switches when its load finished ({@link #poll}), so a switch at run
 * time keeps the old model until then and a failed load keeps it for good.
 *
 * <p>A stream opened with a model (a START with a model, or a restore of a stream or job that had
 * switched) waits for it: its newest frame waits rather than be detected by a model the stream did
 * not ask for. Not thread-safe: the task thread owns it.
 */
final class ModelRouter implements AutoCloseable {

    /** What became of a model request, to report to the user who made it. */
    record Outcome(ModelUser user, String message, boolean failed) {}

    private final ModelRegistry registry;
    /** Models chosen by MODEL commands (and START's {@code model}) that have loaded. */
    private final Map<ModelUser, String> chosen = new HashMap<>();
    /** Users opened with a model that is still loading. */
    private final Set<ModelUser> waiting = new HashSet<>();
    /** A stream let go of its model: models no one uses close at the next {@link #poll}. */
    private boolean unusedMayClose;

    ModelRouter(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Loads the job's default model for a detection subtask.
     *
     * @throws IllegalStateException naming the reason when it cannot be loaded: nothing can be
     *     detected without it, so the task fails with the reason rather than a DJL trace
     */
    static ModelRouter open(DetectorConfig config, int subtask) {
        try {
            return new ModelRouter(new ModelRegistry(config));
        } catch (DetectorException e) {
            throw new IllegalStateException("Detection subtask " + subtask + " cannot load its model: " + e.getMessage(), e);
        }
    }

    String defaultModel() {
        return registry.defaultName();
    }

    YoloDetector detector(String model) {
        return registry.get(model);
    }

    /** The frames of a batch by the model each goes to, in the order of the batch. */
    Map<String, List<VideoFrame>> byModel(List<VideoFrame> batch) {
        Map<String, List<VideoFrame>> byModel = new LinkedHashMap<>();
        for (VideoFrame f : batch) {
            byModel.computeIfAbsent(modelOf(f.streamId()), m -> new ArrayList<>()).add(f);
        }
        return byModel;
    }


    /** The model a stream's frames go to now: its own choice, else the job's, else the default. */
    String modelOf(String streamId) {
        return loadedOrDefault(chosen.getOrDefault(ModelUser.stream(streamId), chosen.get(ModelUser.JOB)));
    }

    /** Whether the stream's frames wait for the model it was opened with. */
    boolean waitsForModel(String streamId) {
        ModelUser stream = ModelUser.stream(streamId);
        return waiting.contains(stream) || (waiting.contains(ModelUser.JOB) && !chosen.containsKey(stream));
    }

    /**
     * A user chose a model (nothing happens for a null model: settings that choose none).
     *
     * @param opening whether the user has had no frame yet: its frames then wait for the model
     */
    void request(ModelUser user, String model, boolean opening) {
        if (model == null) {
            return;
        }
        if (opening && !registry.isLoaded(model)) {
            waiting.add(user);
        }
        registry.request(user, model);
    }

    /**
     * Switches users to the models whose load finished since the last call, and closes the models
     * no one uses any more; says what happened. Call only while no batch runs.
     */
    List<Outcome> poll() {
        if (unusedMayClose) {
            unusedMayClose = false;
            registry.retainOnly(chosen.values());
        }
        List<ModelRegistry.Loaded> loads = registry.poll();
        if (loads.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (ModelRegistry.Loaded l : loads) {
            waiting.remove(l.requestedBy());
            if (l.error() != null) {
                String keeping = l.requestedBy().isJob()
                        ? loadedOrDefault(chosen.get(ModelUser.JOB)) : modelOf(l.requestedBy().streamId());
                outcomes.add(new Outcome(l.requestedBy(),
                        "model switch to '" + l.name() + "' failed, keeping " + keeping + ": " + l.error(), true));
                continue;
            }
            chosen.put(l.requestedBy(), l.name());
            registry.retainOnly(chosen.values());
            outcomes.add(new Outcome(l.requestedBy(), "now detecting with model " + l.name(), false));
        }
        return outcomes;
    }

    /**
     * A stopped stream: its own choice goes, and its model closes at the next {@link #poll} if no
     * one else uses it (not now: a running batch may still use it).
     */
    void forget(String streamId) {
        ModelUser stream = ModelUser.stream(streamId);
        waiting.remove(stream);
        if (chosen.remove(stream) != null) {
            unusedMayClose = true;
        }
    }

    /** At the end of the input, the last frames go with the models loaded by then. */
    void stopWaiting() {
        waiting.clear();
    }

    @Override
    public void close() {
        registry.close();
    }

    /** A chosen model once it has loaded; the default before (or without a choice). */
    private String loadedOrDefault(String model) {
        return model != null && registry.isLoaded(model) ? model : registry.defaultName();
    }
}
