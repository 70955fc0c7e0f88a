package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.ShippedModels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without Flink, with the shipped shapes model: timers are run by hand, in order. */
class BatchCycleTest {

    private record Timer(long delay, BatchCycle.Task task) {}

    private final Deque<Timer> timers = new ArrayDeque<>();
    private final List<String> happened = new ArrayList<>();
    private final List<Set<String>> likelyNext = new ArrayList<>();
    private FrameBatcher batcher;
    private ModelRouter models;
    private BatchCycle cycle;

    @BeforeEach
    void setUp() {
        batcher = new FrameBatcher(2, 50);
        models = ModelRouter.open(DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(), 0);
        cycle = new BatchCycle(batcher, models, new InferenceThread(0), id -> 0, (delay, task) -> timers.add(new Timer(delay, task)),
                () -> happened.add("between, busy=" + cycle.busy()),
                (batch, now) -> happened.add("finished " + batch.size() + ", next running=" + cycle.busy()),
                due -> likelyNext.add(due.keySet()));
    }

    @AfterEach
    void tearDown() {
        cycle.close();
        models.close();
    }

    private void offer(String streamId) {
        batcher.offer(new VideoFrame(streamId, 0, System.currentTimeMillis(), 0, 64, 48, new byte[64 * 48 * 3]), System.currentTimeMillis());
        cycle.scheduleNext();
    }

    /** Runs timers until {@code count} batches finished. */
    private void runUntilFinished(int count) throws Exception {
        for (long end = System.currentTimeMillis() + 30_000; happened.stream().filter(h -> h.startsWith("finished")).count() < count; ) {
            assertThat(System.currentTimeMillis()).as("batches finish").isLessThan(end);
            Timer t = timers.poll();
            if (t != null) {
                t.task().run();
            }
            Thread.sleep(1);
        }
    }

    @Test
    void testFullBatchStartsAtOnceAndTheNextStartsBeforeResultsGoOut() throws Exception {
        // A third stream, x, has had a frame detected: a batch of a alone could still fill up.
        batcher.offer(new VideoFrame("x", 0, System.currentTimeMillis(), 0, 64, 48, new byte[64 * 48 * 3]), System.currentTimeMillis());
        batcher.take(id -> true, id -> 0, System.currentTimeMillis());
        // The delay is the timeout less the ms from the offer to the scheduling: at most the time
        // this test saw pass around both, however slow the machine.
        long before = System.currentTimeMillis();
        offer("a");
        long passed = System.currentTimeMillis() - before;
        assertThat(timers).singleElement().satisfies(t -> assertThat(t.delay()).as("a partial batch: the timeout (less the ms that passed)")
                .isBetween(Math.max(0, 50 - passed), 50L));
        offer("b");
        assertThat(timers).last().satisfies(t -> assertThat(t.delay()).as("a full batch: now").isZero());
        timers.pollLast().task().run(); // the batch of a and b starts
        assertThat(cycle.busy()).isTrue();
        offer("c"); // arrives while the batch runs: waits for it, no timer of its own
        offer("d");
        runUntilFinished(1);
        // The finished batch's results went out after the next batch (c, d) had started.
        assertThat(happened).containsExactly("between, busy=false", "finished 2, next running=true");
        runUntilFinished(2);
        assertThat(happened).last().isEqualTo("finished 2, next running=false");
        assertThat(batcher.isEmpty()).isTrue();
        // When (a, b) started, x would come next; when (c, d) started, x, a and b would.
        assertThat(likelyNext).hasSize(2);
        assertThat(likelyNext.get(0)).contains("x");
        assertThat(likelyNext.get(1)).contains("x", "a", "b");
    }

    @Test
    void testDrainRunsEveryWaitingFrame() throws Exception {
        offer("a");
        offer("b");
        offer("c");
        cycle.drain();
        // Batches of 2 then 1. Whether c's batch had started when (a, b) finished depends on the
        // machine: c is a partial batch, ready only once its 50 ms timeout passed, and an idle
        // machine detects (a, b) sooner than that.
        assertThat(happened.stream().filter(h -> h.startsWith("finished")).map(h -> h.substring(0, h.indexOf(','))).toList())
                .containsExactly("finished 2", "finished 1");
        assertThat(happened).last().isEqualTo("finished 1, next running=false");
        assertThat(cycle.busy()).isFalse();
        assertThat(batcher.isEmpty()).isTrue();
    }
}
