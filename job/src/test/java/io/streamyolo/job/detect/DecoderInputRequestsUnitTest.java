package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.preprocess.Preprocessing;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputPreparation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderInputRequestsUnitTest {

    private static final Map<String, ModelMetadata> MODELS = Map.of(
            "a", new ModelMetadata(List.of("x"), 320, 320, 32, ""),
            "b", new ModelMetadata(List.of("x"), 640, 384, 32, ""),
            "c", new ModelMetadata(List.of("x"), 320, 320, 32, ""));

    private static VideoFrame frame(String streamId, InputPreparation decoder) {
        return new VideoFrame(streamId, 0, 0, 0, 2, 2, new byte[12], null, decoder);
    }

    @Test
    void testOnlyTheStreamsLikelyInTheNextBatchLetterboxInTheirModelsSize() {
        DecoderInputRequests letterbox = new DecoderInputRequests();
        InputPreparation a = new InputPreparation();
        InputPreparation b = new InputPreparation();
        InputPreparation c = new InputPreparation();
        letterbox.seen(frame("a", a));
        letterbox.seen(frame("b", b));
        letterbox.seen(frame("c", c));
        letterbox.seen(frame("d", null)); // not from a decoder: nothing to ask

        letterbox.likelyNext(Map.of("a", System.nanoTime(), "b", System.nanoTime()), MODELS::get);
        assertThat(a.wanted()).isEqualTo(new LetterboxFormat(320, 320, Preprocessing.ULTRALYTICS));
        assertThat(b.wanted()).isEqualTo(new LetterboxFormat(640, 384, Preprocessing.ULTRALYTICS));
        assertThat(c.wanted()).isNull();

        letterbox.likelyNext(Map.of("c", System.nanoTime()), MODELS::get);
        assertThat(a.wanted()).isNull();
        assertThat(c.wanted()).isEqualTo(new LetterboxFormat(320, 320, Preprocessing.ULTRALYTICS));

        letterbox.forget("c");
        letterbox.likelyNext(Map.of("a", System.nanoTime()), MODELS::get);
        assertThat(c.wanted()).as("a stopped stream is no longer asked").isEqualTo(new LetterboxFormat(320, 320, Preprocessing.ULTRALYTICS));
    }
}
