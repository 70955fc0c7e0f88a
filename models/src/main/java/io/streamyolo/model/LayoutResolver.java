package io.streamyolo.model;

import io.streamyolo.model.postprocess.OutputLayout;
import io.streamyolo.model.postprocess.YoloxGrid;
import io.streamyolo.model.postprocess.YoloxOutputDecoder;
import io.streamyolo.model.preprocess.Preprocessing;
import java.nio.file.Path;

/**
 * Tells which {@link OutputLayout} a model has, from one forward pass on a grey frame: the family
 * is the one the configuration forces, else the one the file's metadata states, else the one whose
 * shape the output has; a YOLOX output's boxes are decoded or raw as the metadata says, else as
 * their values show ({@link YoloxOutputDecoder#looksDecoded}).
 */
final class LayoutResolver {

    /** One forward pass at batch 1 on a uniform grey frame, pre-processed as given. */
    @FunctionalInterface
    interface Probe {
        Output run(Preprocessing preprocessing) throws DetectorException;
    }

    /** A forward pass's output: its shape and its floats, row-major. */
    record Output(long[] shape, float[] values) {}

    private LayoutResolver() {}

    /**
     * @param asked the configured model type ({@link ModelFamily#AUTO} unless forced)
     * @param metadata the model's metadata (classes, input size; family and decoding where stated)
     * @throws DetectorException naming the shape seen and the layouts known, when the output fits no
     *     layout, or not the family forced or stated
     */
    static OutputLayout resolve(ModelFamily asked, ModelMetadata metadata, Probe probe, Path model)
            throws DetectorException {
        int classes = metadata.classCount();
        ModelFamily stated = asked != ModelFamily.AUTO ? asked : metadata.family();
        Preprocessing probed = stated == ModelFamily.YOLOX ? Preprocessing.YOLOX : Preprocessing.ULTRALYTICS;
        Output out = probe.run(probed);
        long[] shape = out.shape();
        String shapeText = OutputLayout.shapeText(shape);
        ModelFamily family;
        if (stated != ModelFamily.AUTO) {
            if (!OutputLayout.fits(stated, shape, classes)) {
                String why = asked != ModelFamily.AUTO
                        ? "the model type is set to " + asked.configName()
                        : "its metadata says family " + stated.configName();
                ModelFamily other = stated == ModelFamily.YOLOX ? ModelFamily.ULTRALYTICS : ModelFamily.YOLOX;
                String hint = OutputLayout.fits(other, shape, classes)
                        ? " The shape fits " + other.configName() + ": set the model type to " + other.configName()
                                + (asked != ModelFamily.AUTO && metadata.family() != stated ? " or auto" : "") + "."
                        : " Known layouts: " + OutputLayout.knownLayouts(classes) + ".";
                throw new DetectorException("Model " + model + " outputs shape " + shapeText + ", but " + why + ", whose"
                        + " layout is " + OutputLayout.describe(stated, classes) + "." + hint);
            }
            family = stated;
        } else {
            boolean ultralytics = OutputLayout.fits(ModelFamily.ULTRALYTICS, shape, classes);
            boolean yolox = OutputLayout.fits(ModelFamily.YOLOX, shape, classes);
            if (ultralytics == yolox) {
                throw new DetectorException("Model " + model + " outputs shape " + shapeText + ", which "
                        + (ultralytics ? "fits both known layouts" : "no known layout reads") + " with " + classes
                        + " classes (from its metadata or labels file). Known layouts: " + OutputLayout.knownLayouts(classes)
                        + ". " + (ultralytics ? "Set the model type (" + ModelFamily.acceptedValues() + ")."
                                : "If the class count is wrong, give the right labels file."));
            }
            family = ultralytics ? ModelFamily.ULTRALYTICS : ModelFamily.YOLOX;
        }
        if (family == ModelFamily.ULTRALYTICS) {
            return OutputLayout.ULTRALYTICS;
        }
        Boolean decoded = metadata.boxesDecoded();
        if (Boolean.TRUE.equals(decoded)) {
            return OutputLayout.YOLOX_DECODED;
        }
        int cells = OutputLayout.YOLOX_RAW.cells(shape);
        YoloxGrid grid = new YoloxGrid(metadata.inputWidth(), metadata.inputHeight(), metadata.strides());
        if (grid.cells() != cells) {
            throw new DetectorException("Model " + model + " outputs shape " + shapeText + ": " + cells + " cells, but a "
                    + "YOLOX input of " + metadata.inputWidth() + "x" + metadata.inputHeight() + " with strides "
                    + metadata.strides() + " has " + grid.cells() + " (give its strides as metadata 'strides', or its"
                    + " input size; an export with the decode inside can say so with metadata decoded=True)");
        }
        if (decoded == null) {
            if (probed != Preprocessing.YOLOX) {
                out = probe.run(Preprocessing.YOLOX);
            }
            decoded = YoloxOutputDecoder.looksDecoded(out.values(), classes, grid);
        }
        return decoded ? OutputLayout.YOLOX_DECODED : OutputLayout.YOLOX_RAW;
    }
}
