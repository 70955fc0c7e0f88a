package io.streamyolo.job.detect;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputPreparation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which cameras' decoder threads letterbox their next frames, and into which size: those of the
 * streams likely to form the next batch, each in its model's input size. The others' frames come as
 * pixels: under overload most of them are replaced by newer ones before a batch takes them, and
 * letterboxing them would be wasted; one that a batch takes after all is letterboxed on the
 * inference thread. Where a batch holds every stream, every frame is letterboxed by its decoder.
 *
 * <p>Not thread-safe: the task thread owns it.
 */
final class DecoderLetterbox {

    private final Map<String, InputPreparation> decoders = new HashMap<>();

    /** A frame came: where to reach its camera's decoder (a reopened camera has a new one). */
    void seen(VideoFrame frame) {
        if (frame.preparation() != null) {
            decoders.put(frame.streamId(), frame.preparation());
        }
    }

    /** A batch started: the streams likely in the next letterbox their frames, in their model's size. */
    void likelyNext(Set<String> streamIds, Function<String, ModelMetadata> modelOf) {
        decoders.forEach((id, decoder) -> decoder.want(streamIds.contains(id) ? LetterboxFormat.of(modelOf.apply(id)) : null));
    }

    void forget(String streamId) {
        decoders.remove(streamId);
    }
}
