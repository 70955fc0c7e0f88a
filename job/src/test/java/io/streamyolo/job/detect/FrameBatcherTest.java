package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.event.VideoFrame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    private static VideoFrame frame(String streamId, long seq, long captureMillis) {
        return new VideoFrame(streamId, seq, captureMillis, 0, 2, 2, new byte[12]);
    }

    private static List<String> ids(List<VideoFrame> frames) {
        return frames.stream().map(f -> f.streamId() + "#" + f.sequence()).toList();
    }

    @Test
    void testNewerFrameReplacesTheWaitingOne() {
        FrameBatcher b = new FrameBatcher(4, 50);
        assertThat(b.offer(frame("a", 0, 0), 0)).isNull();
        assertThat(b.offer(frame("a", 1, 10), 10)).satisfies(dropped -> assertThat(dropped.sequence()).isZero());
        assertThat(b.offer(frame("b", 0, 10), 10)).isNull();
        assertThat(ids(b.take(id -> true, id -> 0, 20))).containsExactly("a#1", "b#0");
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void testDeadlineIsNowForAFullBatchAndTheTimeoutAfterTheOldestOtherwise() {
        FrameBatcher b = new FrameBatcher(3, 50);
        assertThat(b.nextBatchDelay(id -> true, 0)).isEqualTo(-1);
        for (String id : List.of("a", "b", "c")) {
            b.offer(frame(id, 0, 0), 0);
        }
        assertThat(b.nextBatchDelay(id -> true, 0)).as("a full batch").isZero();
        b.take(id -> true, id -> 0, 0);
        b.offer(frame("a", 1, 10), 10);
        assertThat(b.nextBatchDelay(id -> true, 10)).isEqualTo(50);
        b.offer(frame("a", 2, 40), 40);
        assertThat(b.nextBatchDelay(id -> true, 40)).as("a newer frame keeps the wait").isEqualTo(20);
        assertThat(b.nextBatchDelay(id -> true, 90)).as("overdue").isZero();
        b.offer(frame("b", 1, 45), 45);
        assertThat(b.nextBatchDelay(id -> true, 45)).isEqualTo(15);
        assertThat(b.nextBatchDelay(id -> !id.equals("a"), 45)).as("a waits for its model").isEqualTo(50);
        assertThat(b.nextBatchDelay(id -> false, 45)).isEqualTo(-1);
        b.take(id -> true, id -> 0, 50);
        b.offer(frame("a", 3, 60), 60);
        assertThat(b.nextBatchDelay(id -> true, 60)).as("a new wait after a batch").isEqualTo(50);
    }

    @Test
    void testAFrameOfEveryStreamNeedNotWaitForAFullBatch() {
        FrameBatcher b = new FrameBatcher(4, 50);
        b.offer(frame("a", 0, 0), 0);
        b.offer(frame("b", 0, 0), 0);
        assertThat(b.nextBatchDelay(id -> true, 0)).as("no third stream could fill it").isZero();
        assertThat(b.nextBatchDelay(id -> !id.equals("b"), 0)).as("b waits for its model: a alone is all").isZero();
        b.take(id -> true, id -> 0, 0);
        b.offer(frame("a", 1, 20), 20);
        assertThat(b.nextBatchDelay(id -> true, 20)).as("b's next frame may come").isEqualTo(50);
    }

    @Test
    void testHigherPriorityGoesFirstAndWaitingRaisesPriority() {
        FrameBatcher b = new FrameBatcher(1, 50);
        Map<String, Integer> priority = Map.of("vip", 2, "low", 0);
        b.offer(frame("vip", 0, 1000), 1000);
        b.offer(frame("low", 0, 1000), 1000);
        assertThat(ids(b.take(id -> true, priority::get, 1000))).containsExactly("vip#0");
        b.detected("vip", 1000);
        b.offer(frame("vip", 1, 1100), 1100);
        // low has waited 1.1 s since its first frame: rank 1.1 against vip's 2.0.
        assertThat(ids(b.take(id -> true, priority::get, 2100))).containsExactly("vip#1");
        b.detected("vip", 2100);
        b.offer(frame("vip", 2, 3500), 3500);
        // 3.5 s: low ranks 2.5, vip (detected 1.4 s ago) 3.4.
        assertThat(ids(b.take(id -> true, priority::get, 3500))).containsExactly("vip#2");
        b.detected("vip", 3500);
        b.offer(frame("vip", 3, 3600), 3600);
        // 3.6 s: low 2.6, vip 2.1: the low stream is not starved.
        assertThat(ids(b.take(id -> true, priority::get, 3600))).containsExactly("low#0");
    }

    @Test
    void testStreamsThatAreNotReadyKeepWaiting() {
        FrameBatcher b = new FrameBatcher(4, 50);
        b.offer(frame("a", 0, 0), 0);
        b.offer(frame("b", 0, 0), 0);
        assertThat(ids(b.take(id -> id.equals("b"), id -> 0, 10))).containsExactly("b#0");
        assertThat(b.isEmpty()).isFalse();
        b.forget("a");
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.hasSeen("a")).isFalse();
        assertThat(b.hasSeen("b")).isTrue();
    }

    @Test
    void testLikelyNextAreTheHighestRankedOutsideTheRunningBatch() {
        FrameBatcher b = new FrameBatcher(2, 50);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            b.offer(frame(id, 0, 0), 0);
        }
        b.detected("d", 900); // d was detected last: it ranks lowest
        Map<String, Integer> priority = Map.of("a", 3, "b", 2, "c", 1, "d", 0, "e", 0);
        assertThat(ids(b.take(id -> true, priority::get, 1000))).containsExactly("a#0", "b#0");
        // The next two batches: c, e (not running, highest first), then d and a (running: after all others).
        assertThat(b.likelyNext(List.of("a", "b"), id -> true, priority::get, 1000))
                .containsExactly(new java.util.LinkedHashSet<>(List.of("c", "e")), new java.util.LinkedHashSet<>(List.of("d", "a")));
        // Not ready (waiting for a model): not likely.
        assertThat(b.likelyNext(List.of("a", "b"), id -> !id.equals("c"), priority::get, 1000))
                .allSatisfy(batch -> assertThat(batch).doesNotContain("c"));
    }

    @Test
    void testWhereABatchHoldsEveryStreamAllAreLikelyNext() {
        FrameBatcher b = new FrameBatcher(4, 50);
        b.offer(frame("a", 0, 0), 0);
        b.offer(frame("b", 0, 0), 0);
        b.take(id -> true, id -> 0, 10);
        assertThat(b.likelyNext(List.of("a", "b"), id -> true, id -> 0, 10)).singleElement()
                .satisfies(next -> assertThat(next).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void testAStreamWhoseFramesSkipTheModelIsNotWaitedForNorLikelyNext() {
        FrameBatcher b = new FrameBatcher(4, 50);
        b.offer(frame("a", 0, 0), 0);
        b.offer(frame("b", 0, 0), 0);
        b.take(id -> true, id -> 0, 0);
        b.offer(frame("a", 1, 10), 10);
        assertThat(b.nextBatchDelay(id -> true, 10)).as("b may still come").isEqualTo(50);
        b.skipped("b");
        assertThat(b.nextBatchDelay(id -> true, 10)).as("b's frame skipped the model: a goes alone").isZero();
        assertThat(b.likelyNext(List.of("a"), id -> true, id -> 0, 10)).containsExactly(java.util.Set.of("a"));
        b.take(id -> true, id -> 0, 10);
        b.offer(frame("b", 1, 20), 20);
        b.offer(frame("a", 2, 20), 20);
        assertThat(b.likelyNext(List.of(), id -> true, id -> 0, 20)).as("b is back").containsExactly(java.util.Set.of("a", "b"));
        // A skipped frame does not make idle a stream whose earlier frame still waits.
        b.skipped("b");
        assertThat(ids(b.take(id -> true, id -> 0, 30))).containsExactlyInAnyOrder("a#2", "b#1");
    }
}
