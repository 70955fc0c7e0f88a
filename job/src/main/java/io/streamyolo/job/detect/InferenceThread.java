package io.streamyolo.job.detect;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.event.VideoFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a detection subtask's batches, one at a time, on a thread of their own: the forward pass
 * happens there (and the letterbox of frames that no decoder thread letterboxed in the model's
 * size), so that the task thread meanwhile takes in the next frames and sends the previous
 * batch's results. The task thread starts a batch, asks whether it is done ({@link #done}, no
 * blocking) and takes its results ({@link #take}).
 *
 * <p>Only the batch touches its detectors while it runs: the caller must not close them (a model
 * switch waits until {@link #busy()} is false).
 */
final class InferenceThread implements AutoCloseable {

    /** One model's part of a batch, with its results when done. */
    record Group(YoloDetector detector, String model, List<VideoFrame> frames, List<List<Detection>> results) {}

    /**
     * A finished batch: its groups with results, how long its forward passes took, and how many of
     * its frames were letterboxed here rather than by their decoder thread.
     */
    record Batch(List<Group> groups, int size, long detectNanos, int letterboxedHere) {}

    private final ExecutorService thread;
    private CompletableFuture<Batch> running;

    InferenceThread(int subtask) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "yolo-inference-" + subtask);
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a batch is running or done and not taken yet. */
    boolean busy() {
        return running != null;
    }

    boolean done() {
        return running != null && running.isDone();
    }

    /** Starts a batch: the frames of each model, with the model's detector. */
    void start(Map<String, List<VideoFrame>> byModel, Map<String, YoloDetector> detectors) {
        if (running != null) {
            throw new IllegalStateException("a batch is running already");
        }
        running = CompletableFuture.supplyAsync(() -> {
            List<Group> groups = new ArrayList<>();
            int size = 0;
            int letterboxedHere = 0;
            long start = System.nanoTime();
            for (Map.Entry<String, List<VideoFrame>> e : byModel.entrySet()) {
                YoloDetector detector = detectors.get(e.getKey());
                List<BgrFrame> inputs = inputs(e.getValue(), LetterboxFormat.of(detector.metadata()));
                letterboxedHere += (int) inputs.stream().filter(f -> f.letterboxed() == null).count();
                groups.add(new Group(detector, e.getKey(), e.getValue(), detect(detector, inputs, e.getValue())));
                size += e.getValue().size();
            }
            return new Batch(groups, size, System.nanoTime() - start, letterboxedHere);
        }, thread);
    }

    /**
     * The running batch's results, waiting for them if need be.
     *
     * @throws DetectorException when the batch failed
     */
    Batch take() throws DetectorException, InterruptedException {
        CompletableFuture<Batch> batch = running;
        running = null;
        try {
            return batch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DetectorFailure f) {
                throw f.cause;
            }
            throw new IllegalStateException("Detection failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for a running batch (its detectors may be closed after) and stops the thread. */
    @Override
    public void close() {
        if (running != null) {
            running.handle((b, e) -> null).join();
            running = null;
        }
        thread.shutdownNow();
    }

    /** The frames as the detector reads them, with their decoder's letterbox where it fits the model. */
    static List<BgrFrame> inputs(List<VideoFrame> frames, LetterboxFormat model) {
        List<BgrFrame> inputs = new ArrayList<>(frames.size());
        for (VideoFrame f : frames) {
            ByteBuffer letterboxed = f.input() != null && model.equals(f.input().format()) ? f.input().buffer() : null;
            inputs.add(new BgrFrame(ByteBuffer.wrap(f.pixels()), f.width(), f.height(), f.width() * 3, letterboxed,
                    model.preprocessing()));
        }
        return inputs;
    }

    /** Detects, then gives the frames' letterboxed inputs back to their pools (read by now). */
    private static List<List<Detection>> detect(YoloDetector detector, List<BgrFrame> inputs, List<VideoFrame> frames) {
        try {
            return detector.detect(inputs);
        } catch (DetectorException e) {
            throw new DetectorFailure(e);
        } finally {
            frames.forEach(VideoFrame::releaseInput);
        }
    }

    /** Carries the checked exception out of the supplier. */
    private static final class DetectorFailure extends RuntimeException {
        final DetectorException cause;

        DetectorFailure(DetectorException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
