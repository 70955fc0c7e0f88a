package io.streamyolo.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtspEnumStateSerializerTest {

    @Test
    void testRoundTrip() throws Exception {
        RtspEnumState state = new RtspEnumState(
                List.of(new RtspEnumState.AssignedStream(new RtspStreamSplit("a", "rtsp://h/a", 0, "tcp", StreamSettings.NONE), 1),
                        new RtspEnumState.AssignedStream(new RtspStreamSplit("b", "rtsp://h/b", 2.5, "udp",
                                new StreamSettings(0.4f, List.of(ClassRef.ofName("car")), 2, null, null, null)), -1)),
                Map.of("file:/tmp/c.jsonl", 120L, "initial", 2L), true, false, StreamSettings.ofModel("m.pt"));
        RtspEnumStateSerializer s = RtspEnumStateSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
    }
}
