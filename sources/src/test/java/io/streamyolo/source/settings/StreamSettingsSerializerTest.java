package io.streamyolo.source.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StreamSettingsSerializerTest {

    private static StreamSettings roundTrip(StreamSettings s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StreamSettingsSerializer.write(s, out);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            StreamSettings read = StreamSettingsSerializer.read(in);
            assertThat(in.available()).isZero();
            return read;
        }
    }

    @Test
    void testRoundTrip() throws Exception {
        StreamSettings full = StreamSettingsJson.read(new ObjectMapper().readTree(
                "{\"conf\":0.35,\"classes\":[0,\"star\"],\"priority\":-3,\"model\":\"m.onnx\","
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]],\"anchor\":\"center\"}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"right\"}]}"));
        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(StreamSettings.NONE)).isEqualTo(StreamSettings.NONE);
        StreamSettings allClasses = new StreamSettings(null, java.util.List.of(), null, null, null, null);
        assertThat(roundTrip(allClasses)).isEqualTo(allClasses);
    }

    @Test
    void testUnknownVersionFails() {
        byte[] bytes = {0, 0, 0, 99};
        assertThatThrownBy(() -> StreamSettingsSerializer.read(new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
    }
}
