package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamProgressTableTest {

    private static StreamProgress progress(String streamId, long next, long detected) {
        StreamProgress p = new StreamProgress(streamId);
        p.nextSequence = next;
        p.framesDetected = detected;
        return p;
    }

    @Test
    void testRestoreKeepsTheFurthestCopyOfEachStream() {
        StreamProgressTable table = new StreamProgressTable(List.of(progress("a", 5, 5), progress("a", 9, 8), progress("b", 1, 1)));
        assertThat(table.get("a").nextSequence).isEqualTo(9);
        assertThat(table.get("a").framesDetected).isEqualTo(8);
        assertThat(table.all()).hasSize(2);
    }

    @Test
    void testOwnStreamsGetTheirFirstUseOnceAndTheirTrackerInTheSnapshot() {
        StreamProgressTable table = new StreamProgressTable(List.of(progress("a", 5, 5), progress("other", 3, 3)));
        List<String> firstUses = new ArrayList<>();
        table.own("a", p -> firstUses.add(p.streamId)).detected(2);
        table.own("a", p -> firstUses.add(p.streamId)).droppedWaiting();
        table.own("new", p -> firstUses.add(p.streamId));
        assertThat(firstUses).containsExactly("a", "new");
        assertThat(table.get("a").framesDetected).isEqualTo(6);
        assertThat(table.get("a").objectsDetected).isEqualTo(2);
        assertThat(table.get("a").framesDroppedWaiting).isEqualTo(1);
        Map<String, byte[]> trackers = Map.of("a", new byte[] {1});
        List<StreamProgress> saved = table.snapshot(trackers::get);
        assertThat(saved).extracting(p -> p.streamId).containsExactlyInAnyOrder("a", "other", "new");
        assertThat(table.get("a").trackerState).containsExactly(1);
        assertThat(table.get("other").trackerState).as("not this subtask's: kept as restored").isNull();
    }
}
