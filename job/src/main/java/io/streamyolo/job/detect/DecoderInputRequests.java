package io.streamyolo.job.detect;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputPreparation;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which cameras' decoder threads letterbox their next frames, into which size and from when: the
 * streams likely to form the next two batches, each in its model's input size, from shortly before
 * its batch is due. The other frames come as pixels: under overload, or from cameras faster than the
 * batches, most of them are replaced by newer ones before a batch takes them, and letterboxing
 * them would be wasted; one that a batch takes after all is letterboxed on the inference thread.
 *
 * <p>Not thread-safe: the task thread owns it.
 */
final class DecoderInputRequests {

    private final Map<String, InputPreparation> decoders = new HashMap<>();

    /** A frame came: where to reach its camera's decoder (a reopened camera has a new one). */
    void seen(VideoFrame frame) {
        if (frame.preparation() != null) {
            decoders.put(frame.streamId(), frame.preparation());
        }
    }

    /**
     * A batch started: the streams likely in the next ones letterbox, in their model's size, their
     * last frame before their batch is due ({@link System#nanoTime()}) and any after.
     */
    void likelyNext(Map<String, Long> dueNanosByStream, Function<String, ModelMetadata> modelOf) {
        decoders.forEach((id, decoder) -> {
            Long due = dueNanosByStream.get(id);
            decoder.want(due == null ? null : LetterboxFormat.of(modelOf.apply(id)), due == null ? Long.MIN_VALUE : due);
        });
    }

    void forget(String streamId) {
        decoders.remove(streamId);
    }
}
