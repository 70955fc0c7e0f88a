package io.streamyolo.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtspStreamSplitSerializerTest {

    @Test
    void testRoundTrip() throws Exception {
        RtspStreamSplit split = new RtspStreamSplit("cam1", "rtsp://u:p@h/s", 5.0, "udp", Map.of("conf", "0.4", "classes", "[0,2]"));
        RtspStreamSplitSerializer s = RtspStreamSplitSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(split))).isEqualTo(split);
    }

    @Test
    void testUnknownVersionFails() {
        assertThatThrownBy(() -> RtspStreamSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("99");
    }

    @Test
    void testToStringMasksThePassword() {
        assertThat(new RtspStreamSplit("c", "rtsp://u:secret@h/s", 0, null, null).toString())
                .contains("u:***@h").doesNotContain("secret");
    }
}
