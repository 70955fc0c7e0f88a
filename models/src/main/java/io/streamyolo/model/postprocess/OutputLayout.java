package io.streamyolo.model.postprocess;

import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.ModelMetadata;
import java.util.Arrays;
import java.util.Set;

/**
 * The output layouts the detector reads: Ultralytics' {@code (B, 4 + nc, N)} and YOLOX's {@code
 * (B, N, 5 + nc)}, the latter with the boxes raw (before the grid decode) or decoded. Each knows
 * its shape, its family and its decoder.
 */
public enum OutputLayout {
    ULTRALYTICS(ModelFamily.ULTRALYTICS),
    YOLOX_RAW(ModelFamily.YOLOX),
    YOLOX_DECODED(ModelFamily.YOLOX);

    private final ModelFamily family;

    OutputLayout(ModelFamily family) {
        this.family = family;
    }

    public ModelFamily family() {
        return family;
    }

    /** Whether the output of one forward pass has this layout (any batch size). */
    public boolean fits(long[] shape, int classCount) {
        return fits(family, shape, classCount);
    }

    /** Whether an output has the shape of a family's layout. */
    public static boolean fits(ModelFamily family, long[] shape, int classCount) {
        if (shape.length != 3 || shape[0] < 1) {
            return false;
        }
        return switch (family) {
            case ULTRALYTICS -> shape[1] == 4 + classCount && shape[2] >= 1;
            case YOLOX -> shape[2] == 5 + classCount && shape[1] >= 1;
            case AUTO -> false;
        };
    }

    /** The number of cells (boxes) in an output of this layout. */
    public int cells(long[] shape) {
        return (int) (family == ModelFamily.ULTRALYTICS ? shape[2] : shape[1]);
    }

    /** The decoder of an output of this layout with {@code cells} cells. */
    public OutputDecoder decoder(
            ModelMetadata model, int cells, float confidenceThreshold, float iouThreshold, int maxDetections,
            Set<Integer> classFilter) {
        if (this == ULTRALYTICS) {
            return new YoloOutputDecoder(model.classCount(), cells, confidenceThreshold, iouThreshold, maxDetections,
                    classFilter);
        }
        YoloxGrid grid = new YoloxGrid(model.inputWidth(), model.inputHeight(), model.strides());
        return new YoloxOutputDecoder(model.classCount(), cells, grid, this == YOLOX_DECODED, confidenceThreshold,
                iouThreshold, maxDetections, classFilter);
    }

    /** This layout in words, for messages. */
    public String describe(int classCount) {
        return switch (this) {
            case ULTRALYTICS -> describe(ModelFamily.ULTRALYTICS, classCount);
            case YOLOX_RAW -> "yolox (batch, cells, 5 + " + classCount + " = " + (5 + classCount)
                    + "), boxes before the grid decode";
            case YOLOX_DECODED -> "yolox (batch, cells, 5 + " + classCount + " = " + (5 + classCount)
                    + "), boxes in input pixels";
        };
    }

    /** A family's layout in words, for messages. */
    public static String describe(ModelFamily family, int classCount) {
        return switch (family) {
            case ULTRALYTICS -> "ultralytics (batch, 4 + " + classCount + " classes = " + (4 + classCount)
                    + ", cells): cx, cy, w, h, then one score per class (Ultralytics YOLOv8/YOLO11 export)";
            case YOLOX -> "yolox (batch, cells, 5 + " + classCount + " classes = " + (5 + classCount)
                    + "): cx, cy, w, h (raw, or decoded in input pixels), objectness, one score per class (YOLOX export)";
            case AUTO -> throw new IllegalArgumentException("AUTO is no layout");
        };
    }

    /** Every layout the decoder reads, for messages. */
    public static String knownLayouts(int classCount) {
        return describe(ModelFamily.ULTRALYTICS, classCount) + "; " + describe(ModelFamily.YOLOX, classCount)
                + ". End-to-end exports with NMS inside (batch, 300, 6) are not supported";
    }

    /** "(1, 3549, 85)". */
    public static String shapeText(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
