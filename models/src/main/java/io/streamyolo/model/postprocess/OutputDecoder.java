package io.streamyolo.model.postprocess;

import io.streamyolo.model.Detection;
import io.streamyolo.model.preprocess.Letterbox;
import java.util.List;

/** Decodes one image's slice of a detection model's output into boxes in frame pixels, after NMS. */
public interface OutputDecoder {

    /** Floats per image in the output tensor. */
    int imageStride();

    /**
     * @param output the whole output tensor's floats, row-major
     * @param image index of the image in the batch
     * @param letterbox how that image was fitted into the input
     */
    List<Detection> decode(float[] output, int image, Letterbox letterbox);
}
