package io.streamyolo.job.detect;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.model.preprocess.Preprocessing;
import io.streamyolo.source.input.InputFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A YOLO model's input as the cameras' decoder threads write it: the frame letterboxed into the
 * model's input size as its family wants it ({@link Letterbox#toModelInput}: planar floats, RGB in
 * [0, 1] centred for Ultralytics, BGR 0-255 at the top-left for YOLOX), which the detector then
 * copies into its batch. Equal for models of the same input size and family.
 */
record LetterboxFormat(int width, int height, Preprocessing preprocessing) implements InputFormat {

    static LetterboxFormat of(ModelMetadata model) {
        return new LetterboxFormat(model.inputWidth(), model.inputHeight(), model.preprocessing());
    }

    @Override
    public int bytes() {
        return 3 * width * height * Float.BYTES;
    }

    @Override
    public void write(ByteBuffer bgr, int frameWidth, int frameHeight, int rowStride, ByteBuffer target) {
        Letterbox.of(frameWidth, frameHeight, width, height, preprocessing)
                .toModelInput(bgr, rowStride, target.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), 0);
    }
}
