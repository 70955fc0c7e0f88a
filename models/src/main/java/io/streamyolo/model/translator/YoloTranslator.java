package io.streamyolo.model.translator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.postprocess.OutputDecoder;
import io.streamyolo.model.postprocess.OutputLayout;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.model.preprocess.Preprocessing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of frames (any sizes) into one {@code (B, 3, H, W)} input and the model's output
 * ({@link OutputLayout}: Ultralytics' {@code (B, 4 + nc, N)} or YOLOX's {@code (B, N, 5 + nc)})
 * back into detections per frame.
 *
 * <p>A frame comes either as pixels, letterboxed here with the model family's {@link
 * Preprocessing}, or already letterboxed with it (by its camera's decoder thread), copied here; a
 * frame letterboxed with another family's pre-processing is letterboxed again here. The input is written straight into a direct buffer that the
 * tensor wraps without a copy on the CPU; the buffer is reused between calls, so an instance
 * serves one predictor (one thread).
 * The same translator serves both engines (PyTorch and ONNX Runtime): it only creates the input
 * with the predictor's NDManager and reads the output's floats.
 */
public final class YoloTranslator implements NoBatchifyTranslator<List<BgrFrame>, List<List<Detection>>> {

    private static final String LETTERBOXES = "letterboxes";

    private final int inputWidth;
    private final int inputHeight;
    private final int classCount;
    private final OutputLayout layout;
    private final Preprocessing preprocessing;
    private final DecoderFactory decoderFactory;
    private ByteBuffer inputBuffer;
    private OutputDecoder decoder;

    /** Makes the decoder once the number of output cells is known (from the first output). */
    @FunctionalInterface
    public interface DecoderFactory {
        OutputDecoder create(int cells);
    }

    public YoloTranslator(
            int inputWidth, int inputHeight, int classCount, OutputLayout layout, Preprocessing preprocessing,
            DecoderFactory decoderFactory) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.classCount = classCount;
        this.layout = layout;
        this.preprocessing = preprocessing;
        this.decoderFactory = decoderFactory;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<BgrFrame> frames) {
        int plane = inputWidth * inputHeight;
        int bytes = frames.size() * 3 * plane * Float.BYTES;
        if (inputBuffer == null || inputBuffer.capacity() < bytes) {
            inputBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        FloatBuffer floats = inputBuffer.asFloatBuffer();
        List<Letterbox> letterboxes = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            BgrFrame frame = frames.get(i);
            Letterbox letterbox = Letterbox.of(frame.width(), frame.height(), inputWidth, inputHeight, preprocessing);
            if (frame.letterboxed() != null && frame.letterboxedAs() == preprocessing) {
                copyLetterboxed(frame.letterboxed(), floats, i * 3 * plane);
            } else {
                letterbox.toModelInput(frame.pixels(), frame.rowStride(), floats, i * 3 * plane);
            }
            letterboxes.add(letterbox);
        }
        ctx.setAttachment(LETTERBOXES, letterboxes);
        ByteBuffer view = inputBuffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit(bytes);
        NDArray input = ctx.getNDManager().create(view.slice().order(ByteOrder.nativeOrder()),
                new Shape(frames.size(), 3, inputHeight, inputWidth), DataType.FLOAT32);
        return new NDList(input);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<List<Detection>> processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        List<Letterbox> letterboxes = (List<Letterbox>) ctx.getAttachment(LETTERBOXES);
        NDArray output = list.get(0);
        Shape shape = output.getShape();
        checkLayout(layout, shape, letterboxes.size(), classCount);
        if (decoder == null) {
            decoder = decoderFactory.create(layout.cells(shape.getShape()));
        }
        // No toType() on a float output: ONNX Runtime's arrays would hand that to another engine.
        float[] values = (output.getDataType() == DataType.FLOAT32 ? output : output.toType(DataType.FLOAT32, false))
                .toFloatArray();
        List<List<Detection>> results = new ArrayList<>(letterboxes.size());
        for (int i = 0; i < letterboxes.size(); i++) {
            results.add(decoder.decode(values, i, letterboxes.get(i)));
        }
        return results;
    }

    /** Copies a frame letterboxed elsewhere (a decoder thread) into its place in the batch. */
    private void copyLetterboxed(ByteBuffer letterboxed, FloatBuffer batch, int offset) {
        int floats = 3 * inputWidth * inputHeight;
        if (letterboxed.capacity() != floats * Float.BYTES) {
            throw new IllegalArgumentException("A frame letterboxed into " + letterboxed.capacity() + " bytes does not fit a "
                    + inputWidth + "x" + inputHeight + " input (" + floats * Float.BYTES + " bytes)");
        }
        batch.put(offset, letterboxed.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), 0, floats);
    }

    /** Throws a readable error unless the output has the layout, at this batch size. */
    static void checkLayout(OutputLayout layout, Shape shape, int batch, int classCount) throws TranslateException {
        long[] dims = shape.getShape();
        if (!layout.fits(dims, classCount) || dims[0] != batch) {
            throw new TranslateException("model output has shape " + OutputLayout.shapeText(dims) + " for a batch of "
                    + batch + ", but this model was loaded as " + layout.describe(classCount) + ". Known layouts: "
                    + OutputLayout.knownLayouts(classCount));
        }
    }
}
