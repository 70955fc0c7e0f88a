package io.streamyolo.job.detect;

import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.event.VideoFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * When batches start and finish. A batch starts when a full one waits (or a frame of every
 * stream) or when the frame waiting longest has waited the batch timeout; it runs on the {@link
 * InferenceThread}, and the task thread looks every {@link #POLL_MILLIS} whether it is done (it
 * never blocks on it). While one runs, the next one gathers in the {@link FrameBatcher}; when it
 * is done, the next starts before the finished batch's results go out, so that the engine does
 * not wait for the task thread. When one starts, it says which streams will likely form the next
 * two batches and when each is due ({@link Upcoming}), so that their decoders letterbox in time.
 *
 * <p>Knows nothing of Flink: it runs on the task thread and sets timers through {@link Timers}
 * (the operator's processing-time service).
 */
final class BatchCycle implements AutoCloseable {

    /** How often the task thread looks whether the running batch is done. */
    static final long POLL_MILLIS = 2;

    /** Timers that run on the task thread. */
    interface Timers {
        void after(long delayMillis, Task task);
    }

    /** Work on the task thread. */
    interface Task {
        void run() throws Exception;
    }

    /** What becomes of a finished batch, on the task thread. */
    interface Finished {
        void accept(InferenceThread.Batch batch, long nowMillis) throws Exception;
    }

    /**
     * Hears, when a batch starts, which streams will likely form the next batches, and when the
     * batch that takes each is due ({@link System#nanoTime()}).
     */
    interface Upcoming {
        void likelyNext(Map<String, Long> dueNanosByStream);
    }

    private final FrameBatcher batcher;
    private final ModelRouter models;
    private final InferenceThread inference;
    private final ToIntFunction<String> priority;
    private final Timers timers;
    private final Task betweenBatches;
    private final Finished finished;
    private final Upcoming upcoming;
    private boolean startScheduled;
    /** Counts scheduled starts, so that a timer of a start that happened otherwise does nothing. */
    private long startNumber;
    /** Counts the batches started, so that the poll timer of a finished batch stops. */
    private long batchesStarted;
    /** When the last batch started, and the time between starts of late (a moving average). */
    private long lastStartNanos;
    private long startIntervalNanos;

    /**
     * @param priority a stream's priority under overload
     * @param betweenBatches runs when a batch is done and before the next starts (no batch runs then)
     * @param finished gets each finished batch, after the next one started
     * @param upcoming hears, when a batch starts, which streams will likely form the next two and when each is due
     */
    BatchCycle(FrameBatcher batcher, ModelRouter models, InferenceThread inference, ToIntFunction<String> priority,
            Timers timers, Task betweenBatches, Finished finished, Upcoming upcoming) {
        this.batcher = batcher;
        this.models = models;
        this.inference = inference;
        this.priority = priority;
        this.timers = timers;
        this.betweenBatches = betweenBatches;
        this.finished = finished;
        this.upcoming = upcoming;
    }

    /** Whether a batch runs (or is done and not taken yet): its detectors must not close. */
    boolean busy() {
        return inference.busy();
    }

    /** Sets the timer of the next start if frames can be detected: at once for a full batch, else at the timeout. */
    void scheduleNext() {
        if (inference.busy()) {
            return; // the next batch starts when the running one is done
        }
        long delay = batcher.nextBatchDelay(this::ready, System.currentTimeMillis());
        if (delay < 0 || (startScheduled && delay > 0)) {
            return; // nothing to detect, or the deadline of this batch is set already
        }
        startScheduled = true;
        long number = startNumber;
        timers.after(delay, () -> {
            if (startNumber == number) {
                start();
            }
        });
    }

    /** Finishes the running batch if it is done (cheap when not). */
    void finishIfDone() throws Exception {
        if (inference.done()) {
            finish();
        }
    }

    /** At the end of the input: runs every waiting frame, and waits for the last batch. */
    void drain() throws Exception {
        while (inference.busy() || !batcher.isEmpty()) {
            if (inference.busy()) {
                finish(); // waits for it
            } else {
                start();
            }
        }
    }

    @Override
    public void close() {
        inference.close();
    }

    // ------------------------------------------------------------------------------------------

    /** Starts a batch of the waiting frames that rank highest; the others wait for the next. */
    private void start() {
        startScheduled = false;
        startNumber++;
        if (inference.busy()) {
            return;
        }
        List<VideoFrame> batch = batcher.take(this::ready, priority, System.currentTimeMillis());
        if (batch.isEmpty()) {
            return;
        }
        // One forward pass per model in use (usually one); the detectors are chosen here, on the task thread.
        Map<String, List<VideoFrame>> byModel = models.byModel(batch);
        Map<String, YoloDetector> detectors = new HashMap<>();
        byModel.keySet().forEach(m -> detectors.put(m, models.detector(m)));
        inference.start(byModel, detectors);
        List<String> running = batch.stream().map(VideoFrame::streamId).toList();
        long now = System.nanoTime();
        if (lastStartNanos != 0) {
            long interval = now - lastStartNanos;
            startIntervalNanos = startIntervalNanos == 0 ? interval : (3 * startIntervalNanos + interval) / 4;
        }
        lastStartNanos = now;
        Map<String, Long> due = new HashMap<>();
        List<Set<String>> next = batcher.likelyNext(running, this::ready, priority, System.currentTimeMillis());
        for (int i = 0; i < next.size(); i++) {
            long batchDue = now + (i + 1) * startIntervalNanos;
            next.get(i).forEach(id -> due.put(id, batchDue));
        }
        upcoming.likelyNext(due);
        poll(++batchesStarted);
    }

    /** Takes the finished batch; starts the next one, then hands over the finished one. */
    private void finish() throws Exception {
        InferenceThread.Batch batch = inference.take();
        long now = System.currentTimeMillis();
        batch.groups().forEach(g -> g.frames().forEach(f -> batcher.detected(f.streamId(), now)));
        betweenBatches.run();
        if (batcher.nextBatchDelay(this::ready, now) == 0) {
            start();
        } else {
            scheduleNext();
        }
        finished.accept(batch, now);
    }

    /** Looks every {@link #POLL_MILLIS} whether batch {@code number} is done, and finishes it. */
    private void poll(long number) {
        timers.after(POLL_MILLIS, () -> {
            if (number != batchesStarted || !inference.busy()) {
                return; // finished already (by finishIfDone)
            }
            if (inference.done()) {
                finish();
            } else {
                poll(number);
            }
        });
    }

    private boolean ready(String streamId) {
        return !models.waitsForModel(streamId);
    }
}
