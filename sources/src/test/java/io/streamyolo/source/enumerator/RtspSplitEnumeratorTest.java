package io.streamyolo.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.control.command.UrlPolicy;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.source.command.ReaderCommands;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class RtspSplitEnumeratorTest {

    private static RtspSplitEnumerator enumerator(MockSplitEnumeratorContext<RtspStreamSplit> ctx, RtspEnumState state) {
        return new RtspSplitEnumerator(ctx, List.of(), new StreamCommandParser(UrlPolicy.defaults()),
                SplitAssigner.leastLoaded(), 0, 100, state);
    }

    private static String start(String id) {
        return "{\"type\":\"START\",\"stream_id\":\"" + id + "\",\"rtsp\":\"rtsp://cam/" + id + "\"}";
    }

    /** Stream id to subtask, over every assignment made so far (later ones win). */
    private static Map<String, Integer> owners(MockSplitEnumeratorContext<RtspStreamSplit> ctx) {
        Map<String, Integer> owners = new HashMap<>();
        for (SplitsAssignment<RtspStreamSplit> a : ctx.getSplitsAssignmentSequence()) {
            a.assignment().forEach((subtask, splits) -> splits.forEach(s -> owners.put(s.streamId(), subtask)));
        }
        return owners;
    }

    /** The status events sent to readers, in order. */
    static List<StreamStatus> statuses(MockSplitEnumeratorContext<RtspStreamSplit> ctx) throws Exception {
        List<StreamStatus> out = new ArrayList<>();
        for (List<SourceEvent> events : ctx.getSentSourceEvent().values()) {
            for (SourceEvent e : events) {
                if (e instanceof ReaderCommands.EmitStatus s) {
                    out.add(s.status());
                }
            }
        }
        return out;
    }

    @Test
    void testNewStreamsGoToTheLeastLoadedReader() throws Exception {
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(3)) {
            for (int i = 0; i < 3; i++) {
                ctx.registerReader(new ReaderInfo(i, "localhost"));
            }
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            for (String id : List.of("a", "b", "c", "d", "e", "f")) {
                e.applyLine(start(id));
            }
            Map<String, Integer> owners = owners(ctx);
            assertThat(owners).containsEntry("a", 0).containsEntry("b", 1).containsEntry("c", 2).containsEntry("d", 0);
            e.applyLine("{\"type\":\"STOP\",\"stream_id\":\"b\"}");
            e.applyLine(start("g"));
            assertThat(owners(ctx)).containsEntry("g", 1);
            assertThat(ctx.getSentSourceEvent().get(1)).contains(new ReaderCommands.StopStream("b", "stopped by command"));
        }
    }

    @Test
    void testStreamsWaitForReadersAndReturnToTheirOwnerAfterFailover() throws Exception {
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            // Streams started before the readers register (the job's --stream arguments) are
            // spread over all subtasks, not all given to whichever registers first.
            e.applyLine(start("a"));
            assertThat(ctx.getSplitsAssignmentSequence()).isEmpty(); // no reader yet
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            e.addReader(1);
            assertThat(ctx.getSplitsAssignmentSequence()).isEmpty(); // a waits for reader 0
            e.applyLine(start("b"));
            assertThat(owners(ctx)).containsExactly(Map.entry("b", 1));
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            e.addReader(0);
            assertThat(owners(ctx)).containsEntry("a", 0).containsEntry("b", 1);
            // Reader 1 fails and comes back: it gets its stream again.
            e.addSplitsBack(List.of(), 1);
            int before = ctx.getSplitsAssignmentSequence().size();
            e.addReader(1);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(before + 1);
            assertThat(ctx.getSplitsAssignmentSequence().get(before).assignment().get(1))
                    .extracting(RtspStreamSplit::streamId).containsExactly("b");
        }
    }

    @Test
    void testRestoreAtLowerParallelismMovesOrphanedStreams() throws Exception {
        RtspEnumState state;
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(3)) {
            for (int i = 0; i < 3; i++) {
                ctx.registerReader(new ReaderInfo(i, "localhost"));
            }
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            for (String id : List.of("a", "b", "c")) {
                e.applyLine(start(id));
            }
            state = e.snapshotState(1);
        }
        assertThat(state.streams()).extracting(RtspEnumState.AssignedStream::owner).containsExactly(0, 1, 2);
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            RtspSplitEnumerator e = enumerator(ctx, state);
            for (int i = 0; i < 2; i++) {
                ctx.registerReader(new ReaderInfo(i, "localhost"));
                e.addReader(i);
            }
            Map<String, Integer> owners = owners(ctx);
            assertThat(owners).containsOnlyKeys("a", "b", "c");
            assertThat(owners.get("a")).isEqualTo(0);
            assertThat(owners.get("b")).isEqualTo(1);
            assertThat(owners.get("c")).isIn(0, 1);
            assertThat(e.snapshotState(2).streams()).extracting(RtspEnumState.AssignedStream::owner).allMatch(o -> o < 2);
        }
    }

    @Test
    void testCommandOutcomesAreReportedAsStatusEvents() throws Exception {
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            e.applyLine(start("a"));
            e.applyLine(start("a"));
            e.applyLine("{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://other/a\"}");
            e.applyLine("{\"type\":\"STOP\",\"stream_id\":\"zzz\"}");
            e.applyLine("{\"type\":\"START\",\"stream_id\":\"x\",\"rtsp\":\"rtsp://admin:pw123@cam/x\",\"oops\":");
            List<StreamStatus> statuses = statuses(ctx);
            assertThat(statuses).extracting(StreamStatus::kind).containsExactly(
                    StreamStatus.Kind.INFO, StreamStatus.Kind.INFO, StreamStatus.Kind.WARNING, StreamStatus.Kind.ERROR);
            assertThat(statuses.get(0).message()).contains("nothing changed");
            assertThat(statuses.get(1).message()).contains("new URL");
            assertThat(statuses.get(3).streamId()).isEqualTo("x");
            assertThat(statuses.get(3).message()).contains("not valid JSON").contains("admin:***@").doesNotContain("pw123");
            // The restart went to the same reader with the new URL.
            List<SplitsAssignment<RtspStreamSplit>> seq = ctx.getSplitsAssignmentSequence();
            assertThat(seq.get(seq.size() - 1).assignment().get(0).get(0).url()).isEqualTo("rtsp://other/a");
        }
    }

    @Test
    void testUpdateChangesTheRegistryAndTellsTheOwner() throws Exception {
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            e.applyLine(start("a"));
            e.applyLine("{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"max_fps\":3,\"conf\":0.5}");
            assertThat(ctx.getSentSourceEvent().get(0)).contains(new ReaderCommands.UpdateStream("a", 3.0,
                    new StreamSettings(0.5f, null, null, null, null, null)));
            RtspStreamSplit saved = e.snapshotState(1).streams().get(0).split();
            assertThat(saved.maxFps()).isEqualTo(3.0);
            assertThat(saved.settings().conf()).isEqualTo(0.5f);
        }
    }

    @Test
    void testShutdownStopsEverythingAndEndsEveryReader() throws Exception {
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            e.applyLine(start("a"));
            e.applyLine(start("b"));
            e.applyLine("{\"type\":\"SHUTDOWN\"}");
            assertThat(ctx.hasNoMoreSplits(0)).isTrue();
            assertThat(ctx.hasNoMoreSplits(1)).isTrue();
            assertThat(ctx.getSentSourceEvent().get(0)).contains(new ReaderCommands.StopStream("a", "stopped by SHUTDOWN"));
            assertThat(ctx.getSentSourceEvent().get(1)).contains(new ReaderCommands.StopStream("b", "stopped by SHUTDOWN"));
            RtspEnumState state = e.snapshotState(1);
            assertThat(state.shutdown()).isTrue();
            assertThat(state.streams()).isEmpty();
        }
    }

    @Test
    void testJobWideModelSwitchGoesToEveryReaderAndSurvivesRestore() throws Exception {
        RtspEnumState state;
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            RtspSplitEnumerator e = enumerator(ctx, RtspEnumState.empty());
            e.applyLine("{\"type\":\"MODEL\",\"model\":\"big.torchscript\"}");
            ReaderCommands.JobSettings expected = new ReaderCommands.JobSettings(StreamSettings.ofModel("big.torchscript"));
            assertThat(ctx.getSentSourceEvent().get(0)).contains(expected);
            assertThat(ctx.getSentSourceEvent().get(1)).contains(expected);
            state = e.snapshotState(1);
        }
        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            RtspSplitEnumerator e = enumerator(ctx, state);
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            e.addReader(0);
            assertThat(ctx.getSentSourceEvent().get(0))
                    .contains(new ReaderCommands.JobSettings(StreamSettings.ofModel("big.torchscript")));
        }
    }
}
