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
import io.streamyolo.model.postprocess.YoloOutputDecoder;
import io.streamyolo.model.preprocess.Letterbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of frames (any sizes) into one {@code (B, 3, H, W)} input and the model's {@code
 * (B, 4 + nc, N)} output back into detections per frame.
 *
 * <p>A frame comes either as pixels, letterboxed here, or already letterboxed (by its camera's
 * decoder thread), copied here. The input is written straight into a direct buffer that the
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
    private final YoloOutputDecoderFactory decoderFactory;
    private ByteBuffer inputBuffer;
    private YoloOutputDecoder decoder;

    /** Makes the decoder once the number of output cells is known (from the first output). */
    @FunctionalInterface
    public interface YoloOutputDecoderFactory {
        YoloOutputDecoder create(int classCount, int cells);
    }

    public YoloTranslator(int inputWidth, int inputHeight, int classCount, YoloOutputDecoderFactory decoderFactory) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.classCount = classCount;
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
            Letterbox letterbox = Letterbox.of(frame.width(), frame.height(), inputWidth, inputHeight);
            if (frame.letterboxed() != null) {
                copyLetterboxed(frame.letterboxed(), floats, i * 3 * plane);
            } else {
                letterbox.toPlanarRgb(frame.pixels(), frame.rowStride(), floats, i * 3 * plane);
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
        checkLayout(shape, letterboxes.size(), classCount);
        if (decoder == null) {
            decoder = decoderFactory.create(classCount, (int) shape.get(2));
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

    /** Throws a readable error unless the output is (batch, 4 + classCount, N). */
    static void checkLayout(Shape shape, int batch, int classCount) throws TranslateException {
        if (shape.dimension() != 3 || shape.get(0) != batch || shape.get(1) != 4 + classCount || shape.get(2) < 1) {
            throw new TranslateException(String.format(
                    "model output has shape %s, but a YOLO detection model in the Ultralytics v8/YOLO11 layout"
                            + " outputs (batch=%d, 4 + %d classes = %d, cells): box cx, cy, w, h then one"
                            + " score per class. End-to-end exports with NMS inside (N, 300, 6) are not supported",
                    shape, batch, classCount, 4 + classCount));
        }
    }
}
