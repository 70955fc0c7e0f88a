package io.streamyolo.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.StreamSettings;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtspStreamSplitSerializerTest {

    @Test
    void testRoundTrip() throws Exception {
        RtspStreamSplit split = new RtspStreamSplit("cam1", "rtsp://u:p@h/s", 5.0, "udp",
                new StreamSettings(0.4f, List.of(ClassRef.ofId(0), ClassRef.ofId(2)), null, null, null, null));
        RtspStreamSplitSerializer s = RtspStreamSplitSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(split))).isEqualTo(split);
    }

    /** Version 1 kept settings as JSON text per field; a savepoint of that version still restores. */
    @Test
    void testVersionOneIsRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("cam1");
            out.writeUTF("rtsp://h/s");
            out.writeDouble(5.0);
            out.writeUTF("tcp");
            out.writeInt(3);
            out.writeUTF("conf");
            out.writeUTF("0.4");
            out.writeUTF("classes");
            out.writeUTF("[0,\"car\"]");
            out.writeUTF("zones");
            out.writeUTF("[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}]");
        }
        RtspStreamSplit split = RtspStreamSplitSerializer.INSTANCE.deserialize(1, bytes.toByteArray());
        assertThat(split.settings().conf()).isEqualTo(0.4f);
        assertThat(split.settings().classes()).containsExactly(ClassRef.ofId(0), ClassRef.ofName("car"));
        assertThat(split.settings().zones()).singleElement().satisfies(z -> assertThat(z.name()).isEqualTo("gate"));
        assertThat(split.settings().lines()).isNull();
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
