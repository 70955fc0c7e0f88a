package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.model.postprocess.OutputLayout;
import io.streamyolo.model.postprocess.YoloxGrid;
import io.streamyolo.model.preprocess.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which layout a model gets, from forced types, metadata and hand-built outputs. */
class LayoutResolverTest {

    private static final Path MODEL = Path.of("/models/m.onnx");
    private static final List<String> COCO = Collections.nCopies(80, "x");
    private static final ModelMetadata AUTO_416 = new ModelMetadata(COCO, 416, 416, 32, "");

    /** A probe that returns zeros of a shape and records the pre-processing it was asked for. */
    private static final class FixedProbe implements LayoutResolver.Probe {
        final long[] shape;
        final float[] values;
        final List<Preprocessing> asked = new ArrayList<>();

        FixedProbe(float[] values, long... shape) {
            this.shape = shape;
            this.values = values;
        }

        FixedProbe(long... shape) {
            this(new float[(int) (shape[0] * shape[1] * shape[2])], shape);
        }

        @Override
        public LayoutResolver.Output run(Preprocessing preprocessing) {
            asked.add(preprocessing);
            return new LayoutResolver.Output(shape, values);
        }
    }

    /** A YOLOX output at 416 whose boxes are decoded: centres on their cells. */
    private static float[] decodedYolox() {
        YoloxGrid grid = new YoloxGrid(416, 416, List.of(8, 16, 32));
        float[] out = new float[3549 * 85];
        for (int i = 0; i < 3549; i++) {
            out[i * 85] = (grid.column(i) + 0.4f) * grid.stride(i);
            out[i * 85 + 1] = (grid.row(i) + 0.6f) * grid.stride(i);
            out[i * 85 + 2] = 2f * grid.stride(i);
            out[i * 85 + 3] = 3f * grid.stride(i);
        }
        return out;
    }

    @Test
    void testFamilyIsToldFromTheShapeWhereNothingStatesIt() throws Exception {
        assertThat(LayoutResolver.resolve(ModelFamily.AUTO, AUTO_416, new FixedProbe(1, 84, 3549), MODEL))
                .isEqualTo(OutputLayout.ULTRALYTICS);
        FixedProbe yolox = new FixedProbe(1, 3549, 85);
        assertThat(LayoutResolver.resolve(ModelFamily.AUTO, AUTO_416, yolox, MODEL)).isEqualTo(OutputLayout.YOLOX_RAW);
        // The first probe used Ultralytics' input; the decode check runs again on YOLOX's.
        assertThat(yolox.asked).containsExactly(Preprocessing.ULTRALYTICS, Preprocessing.YOLOX);
        assertThat(LayoutResolver.resolve(ModelFamily.AUTO, AUTO_416, new FixedProbe(decodedYolox(), 1, 3549, 85), MODEL))
                .isEqualTo(OutputLayout.YOLOX_DECODED);
    }

    @Test
    void testMetadataStatesFamilyAndDecoding() throws Exception {
        ModelMetadata raw = AUTO_416.withFamily(ModelFamily.YOLOX, false);
        FixedProbe probe = new FixedProbe(decodedYolox(), 1, 3549, 85);
        // The metadata wins over the values, and the probe runs on YOLOX's input only.
        assertThat(LayoutResolver.resolve(ModelFamily.AUTO, raw, probe, MODEL)).isEqualTo(OutputLayout.YOLOX_RAW);
        assertThat(probe.asked).containsExactly(Preprocessing.YOLOX);
        ModelMetadata decoded = AUTO_416.withFamily(ModelFamily.YOLOX, true);
        assertThat(LayoutResolver.resolve(ModelFamily.AUTO, decoded, new FixedProbe(1, 3549, 85), MODEL))
                .isEqualTo(OutputLayout.YOLOX_DECODED);
    }

    @Test
    void testForcedFamilyThatDoesNotFitNamesTheShapeAndTheFix() {
        assertThatThrownBy(() -> LayoutResolver.resolve(ModelFamily.ULTRALYTICS, AUTO_416, new FixedProbe(1, 3549, 85), MODEL))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("m.onnx")
                .hasMessageContaining("(1, 3549, 85)")
                .hasMessageContaining("model type is set to ultralytics")
                .hasMessageContaining("4 + 80 classes = 84")
                .hasMessageContaining("set the model type to yolox or auto");
        assertThatThrownBy(() -> LayoutResolver.resolve(ModelFamily.YOLOX, AUTO_416, new FixedProbe(1, 84, 8400), MODEL))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("(1, 84, 8400)")
                .hasMessageContaining("model type is set to yolox")
                .hasMessageContaining("set the model type to ultralytics");
        // Metadata stating a family the output does not have.
        ModelMetadata saysYolox = AUTO_416.withFamily(ModelFamily.YOLOX, null);
        assertThatThrownBy(() -> LayoutResolver.resolve(ModelFamily.AUTO, saysYolox, new FixedProbe(1, 84, 8400), MODEL))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("metadata says family yolox");
    }

    @Test
    void testUnreadableLayoutNamesTheShapeAndTheKnownLayouts() {
        for (long[] shape : new long[][] {{1, 3549, 86}, {1, 300, 6}, {1, 85, 3549, 1}}) {
            assertThatThrownBy(() -> LayoutResolver.resolve(ModelFamily.AUTO, AUTO_416, new FixedProbe(new float[0], shape), MODEL))
                    .isInstanceOf(DetectorException.class)
                    .hasMessageContaining(OutputLayout.shapeText(shape))
                    .hasMessageContaining("no known layout")
                    .hasMessageContaining("ultralytics (batch, 4 + 80 classes = 84, cells)")
                    .hasMessageContaining("yolox (batch, cells, 5 + 80 classes = 85)");
        }
    }

    @Test
    void testRawYoloxOutputMustMatchTheGrid() {
        // 3549 cells are a 416 input's; metadata saying 320 cannot decode them.
        ModelMetadata small = new ModelMetadata(COCO, 320, 320, 32, "");
        assertThatThrownBy(() -> LayoutResolver.resolve(ModelFamily.YOLOX, small, new FixedProbe(1, 3549, 85), MODEL))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("3549 cells")
                .hasMessageContaining("320x320")
                .hasMessageContaining("[8, 16, 32]");
    }
}
