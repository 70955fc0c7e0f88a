package io.streamyolo.job.detect;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.source.input.InputFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A YOLO model's input as the cameras' decoder threads write it: the frame letterboxed into the
 * model's input size, planar RGB floats ({@link Letterbox#toPlanarRgb}), which the detector then
 * copies into its batch. Equal for models of the same input size.
 */
record LetterboxFormat(int width, int height) implements InputFormat {

    static LetterboxFormat of(ModelMetadata model) {
        return new LetterboxFormat(model.inputWidth(), model.inputHeight());
    }

    @Override
    public int bytes() {
        return 3 * width * height * Float.BYTES;
    }

    @Override
    public void write(ByteBuffer bgr, int frameWidth, int frameHeight, int rowStride, ByteBuffer target) {
        Letterbox.of(frameWidth, frameHeight, width, height)
                .toPlanarRgb(bgr, rowStride, target.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), 0);
    }
}
