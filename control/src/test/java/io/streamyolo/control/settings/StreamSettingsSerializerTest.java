package io.streamyolo.control.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.InvalidCommandException;
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

    /**
     * The settings written in an older version: this version's bytes without the fields added
     * since (one presence flag each, all absent here), under the old version number.
     */
    private static StreamSettings readAsVersion(StreamSettings s, int version, int newerFields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StreamSettingsSerializer.write(s, out);
        }
        byte[] written = bytes.toByteArray();
        byte[] old = java.util.Arrays.copyOf(written, written.length - newerFields);
        old[3] = (byte) version;
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(old));
        StreamSettings read = StreamSettingsSerializer.read(in);
        assertThat(in.available()).isZero();
        return read;
    }

    @Test
    void testRoundTrip() throws Exception {
        StreamSettings full = StreamSettingsJson.read(new ObjectMapper().readTree(
                "{\"conf\":0.35,\"classes\":[0,\"star\"],\"priority\":-3,\"model\":\"m.onnx\","
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]],\"anchor\":\"center\"}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"right\"}],\"preview_fps\":0.2,"
                + "\"model_type\":\"yolox\"}"));
        assertThat(full.previewFps()).isEqualTo(0.2);
        assertThat(full.modelType()).isEqualTo("yolox");
        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(StreamSettings.NONE)).isEqualTo(StreamSettings.NONE);
        StreamSettings allClasses = new StreamSettings(null, java.util.List.of(), null, null, null, null);
        assertThat(roundTrip(allClasses)).isEqualTo(allClasses);
    }

    /** Version 3 (without the model type) still reads: its bytes are version 7's without the last four fields. */
    @Test
    void testVersionThreeIsRead() throws Exception {
        StreamSettings v3 = new StreamSettings(0.5f, null, null, "m.onnx", null, null, 2.0);
        StreamSettings read = readAsVersion(v3, 3, 4); // no model-type, motion, interval and record flags
        assertThat(read).isEqualTo(v3);
        assertThat(read.modelType()).isNull();
    }

    /** Version 2 (without the preview rate) still reads: its bytes are version 7's without the last five fields. */
    @Test
    void testVersionTwoIsRead() throws Exception {
        StreamSettings v2 = new StreamSettings(0.5f, java.util.List.of(ClassRef.ofId(1)), 2, "m.torchscript", null, java.util.List.of());
        StreamSettings read = readAsVersion(v2, 2, 5); // no preview-rate, model-type, motion, interval and record flags
        assertThat(read).isEqualTo(v2);
        assertThat(read.previewFps()).isNull();
    }

    /** Version 4 (without motion settings) still reads: its bytes are version 7's without the last three fields. */
    @Test
    void testVersionFourIsRead() throws Exception {
        StreamSettings v4 = new StreamSettings(0.5f, null, 2, "m.onnx", null, null, 1.5, "yolox");
        StreamSettings read = readAsVersion(v4, 4, 3); // no motion, interval and record flags
        assertThat(read).isEqualTo(v4);
        assertThat(read.motion()).isNull();
    }

    /** Version 5 (without the detection interval) still reads: its bytes are version 7's without the last two fields. */
    @Test
    void testVersionFiveIsRead() throws Exception {
        StreamSettings v5 = new StreamSettings(0.5f, null, 2, null, null, null, 1.5, null, new MotionSettings(MotionSettings.Mode.GATE,
                0.01, null, null, 3.0));
        StreamSettings read = readAsVersion(v5, 5, 2); // no interval and record flags
        assertThat(read).isEqualTo(v5);
        assertThat(read.detectInterval()).isNull();
    }

    /** Version 6 (without recording) still reads: its bytes are version 7's without the last field. */
    @Test
    void testVersionSixIsRead() throws Exception {
        StreamSettings v6 = new StreamSettings(0.5f, null, 2, null, null, null, 1.5, null, null, 3);
        StreamSettings read = readAsVersion(v6, 6, 1); // no record flag
        assertThat(read).isEqualTo(v6);
        assertThat(read.record()).isNull();
    }

    @Test
    void testRecordSettingsRoundTripFieldByField() throws Exception {
        StreamSettings all = StreamSettingsJson.read(new ObjectMapper().readTree(
                "{\"record\":\"events\",\"record_classes\":[\"person\",2],\"record_zones\":[\"door\"],\"pre_roll\":3,\"post_roll\":4.5,"
                + "\"max_clip\":120,\"segment\":30}"));
        assertThat(all.record()).isEqualTo(new RecordSettings(RecordSettings.Mode.EVENTS,
                java.util.List.of(ClassRef.ofName("person"), ClassRef.ofId(2)), java.util.List.of("door"), 3.0, 4.5, 120.0, 30.0));
        assertThat(roundTrip(all)).isEqualTo(all);
        StreamSettings some = StreamSettingsJson.read(new ObjectMapper().readTree("{\"record\":\"continuous\"}"));
        assertThat(roundTrip(some)).isEqualTo(some);
        assertThat(some.then(StreamSettingsJson.read(new ObjectMapper().readTree("{\"post_roll\":1}"))).record())
                .as("an UPDATE's recording fields merge one by one")
                .isEqualTo(new RecordSettings(RecordSettings.Mode.CONTINUOUS, null, null, null, 1.0, null, null));
        assertThat(StreamSettingsJson.write(all).get("record").asText()).isEqualTo("events");
        for (String bad : new String[] {"{\"record\":\"on\"}", "{\"pre_roll\":-1}", "{\"post_roll\":61}", "{\"max_clip\":0}",
                "{\"segment\":\"60\"}", "{\"record_classes\":5}", "{\"record_zones\":[3]}"}) {
            assertThatThrownBy(() -> StreamSettingsJson.read(new ObjectMapper().readTree(bad)))
                    .isInstanceOf(io.streamyolo.control.InvalidCommandException.class)
                    .hasMessageMatching("(record|pre_roll|post_roll|max_clip|segment|record_classes|record_zones) must be .*");
        }
    }

    @Test
    void testDetectIntervalRoundTripsAndIsChecked() throws Exception {
        StreamSettings every3 = StreamSettingsJson.read(new ObjectMapper().readTree("{\"detect_interval\":3}"));
        assertThat(every3.detectInterval()).isEqualTo(3);
        assertThat(roundTrip(every3)).isEqualTo(every3);
        assertThat(StreamSettingsJson.write(every3).get("detect_interval").asInt()).isEqualTo(3);
        assertThat(StreamSettings.NONE.then(every3).then(new StreamSettings(0.4f, null, null, null, null, null)).detectInterval())
                .isEqualTo(3);
        for (String bad : new String[] {"0", "31", "2.5", "\"3\""}) {
            assertThatThrownBy(() -> StreamSettingsJson.read(new ObjectMapper().readTree("{\"detect_interval\":" + bad + "}")))
                    .isInstanceOf(io.streamyolo.control.InvalidCommandException.class)
                    .hasMessageContaining("detect_interval must be an integer from 1 to 30");
        }
    }

    @Test
    void testMotionSettingsRoundTripFieldByField() throws Exception {
        StreamSettings all = StreamSettingsJson.read(new ObjectMapper().readTree(
                "{\"motion\":\"off\",\"motion_threshold\":0.01,\"motion_pixel_delta\":30,"
                + "\"motion_masks\":[[[0.6,0],[1,0],[1,0.1]],[[0,0.9],[0.2,0.9],[0.2,1],[0,1]]],\"keepalive\":2.5}"));
        assertThat(all.motion().masks()).hasSize(2);
        assertThat(roundTrip(all)).isEqualTo(all);
        StreamSettings some = StreamSettingsJson.read(new ObjectMapper().readTree("{\"conf\":0.4,\"keepalive\":0}"));
        assertThat(some.motion()).isEqualTo(new MotionSettings(null, null, null, null, 0.0));
        assertThat(roundTrip(some)).isEqualTo(some);
        StreamSettings noMasks = StreamSettingsJson.read(new ObjectMapper().readTree("{\"motion_masks\":[]}"));
        assertThat(roundTrip(noMasks)).isEqualTo(noMasks);
    }

    /**
     * The bytes of settings with every field set, as version 7 writes them. Savepoints hold these
     * bytes (in splits, the enumerator's state and in-flight settings updates), so they must not
     * change without a new version.
     */
    @Test
    void testVersionSevenBytesAreStable() throws Exception {
        StreamSettings all = StreamSettingsJson.read(new ObjectMapper().readTree(
                "{\"conf\":0.35,\"classes\":[0,\"star\"],\"priority\":-3,\"model\":\"m.onnx\","
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]],\"anchor\":\"center\"}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"right\"}],\"preview_fps\":0.2,"
                + "\"model_type\":\"yolox\",\"motion\":\"gate\",\"motion_threshold\":0.01,\"motion_pixel_delta\":30,"
                + "\"motion_masks\":[[[0.6,0],[1,0],[1,0.1]]],\"keepalive\":2.5,\"detect_interval\":3,"
                + "\"record\":\"events\",\"record_classes\":[\"person\",2],\"record_zones\":[\"door\"],\"pre_roll\":3,"
                + "\"post_roll\":4.5,\"max_clip\":120,\"segment\":30}"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StreamSettingsSerializer.write(all, out);
        }
        assertThat(java.util.HexFormat.of().formatHex(bytes.toByteArray())).isEqualTo(VERSION_SEVEN_HEX);
        assertThat(roundTrip(all)).isEqualTo(all);
    }

    private static final String VERSION_SEVEN_HEX = "00000007013eb33333010000000200000000000100047374617201fffffffd0100066d2e6f6e6e780100000001000467"
            + "617465000643454e544552000000033fb999999999999a3fe00000000000003fd999999999999a3fe00000000000003f"
            + "d999999999999a3feccccccccccccd01000000010004646f6f723fe000000000000000000000000000003fe000000000"
            + "00003ff000000000000000055249474854000d424f54544f4d5f43454e544552013fc999999999999a010005796f6c6f"
            + "780101000447415445013f847ae147ae147b010000001e0100000001000000033fe33333333333330000000000000000"
            + "3ff000000000000000000000000000003ff00000000000003fb999999999999a01400400000000000001000000030101"
            + "00064556454e54530100000002010006706572736f6e000000000201000000010004646f6f7201400800000000000001"
            + "401200000000000001405e00000000000001403e000000000000";

    @Test
    void testUnknownVersionFails() {
        byte[] bytes = {0, 0, 0, 99};
        assertThatThrownBy(() -> StreamSettingsSerializer.read(new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
    }
}
