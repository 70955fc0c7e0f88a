package io.streamyolo.source.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.StreamSettings;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CameraEventSerializerTest {

    private static CameraEvent roundTrip(CameraEvent event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CameraEventSerializer.INSTANCE.serialize(event, out);
        return CameraEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void testFrameRoundTrip() throws Exception {
        byte[] pixels = new byte[4 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        VideoFrame frame = new VideoFrame("cam1", 42, 1_700_000_000_000L, 1_400_000, 4, 2, pixels);
        VideoFrame back = (VideoFrame) roundTrip(frame);
        assertThat(back.streamId()).isEqualTo("cam1");
        assertThat(back.sequence()).isEqualTo(42);
        assertThat(back.captureTimeMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(back.ptsMicros()).isEqualTo(1_400_000);
        assertThat(back.pixels()).isEqualTo(pixels);
    }

    @Test
    void testStatusRoundTripWithAndWithoutStream() throws Exception {
        StreamStatus a = new StreamStatus("cam1", StreamStatus.Kind.RECONNECTING, "gone; retrying in 2 s", 5L);
        StreamStatus b = new StreamStatus(null, StreamStatus.Kind.ERROR, "x".repeat(70_000), 6L);
        assertThat(roundTrip(a)).isEqualTo(a);
        assertThat(roundTrip(b)).isEqualTo(b);
    }

    @Test
    void testSettingsRoundTrip() throws Exception {
        StreamSettingsUpdate stream = new StreamSettingsUpdate("cam1", new StreamSettings(0.4f,
                java.util.List.of(ClassRef.ofId(0), ClassRef.ofName("car")), -3, "m.onnx", java.util.List.of(), null));
        assertThat(roundTrip(stream)).isEqualTo(stream);
        JobSettingsUpdate job = new JobSettingsUpdate(StreamSettings.ofModel("big.torchscript"));
        assertThat(roundTrip(job)).isEqualTo(job);
    }

    @Test
    void testCopyKeepsTheInstance() {
        VideoFrame frame = new VideoFrame("c", 0, 0, 0, 1, 1, new byte[3]);
        assertThat(CameraEventSerializer.INSTANCE.copy(frame)).isSameAs(frame);
    }
}
