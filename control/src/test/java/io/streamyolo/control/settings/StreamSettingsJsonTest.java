package io.streamyolo.control.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.InvalidCommandException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamSettingsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static StreamSettings read(String json) throws Exception {
        return StreamSettingsJson.read(MAPPER.readTree(json));
    }

    @Test
    void testEveryFieldIsReadTyped() throws Exception {
        StreamSettings s = read("{\"conf\":0.4,\"classes\":[2,\"car\"],\"priority\":-5,\"model\":\" m.onnx \","
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}],\"lines\":[]}");
        assertThat(s.conf()).isEqualTo(0.4f);
        assertThat(s.classes()).containsExactly(ClassRef.ofId(2), ClassRef.ofName("car"));
        assertThat(s.priority()).isEqualTo(-5);
        assertThat(s.model()).isEqualTo("m.onnx");
        assertThat(s.zones()).singleElement().satisfies(z -> assertThat(z.polygon()).hasSize(3));
        assertThat(s.lines()).isEmpty();
    }

    @Test
    void testAbsentFieldsAreNotGivenAndNullClassesKeepAll() throws Exception {
        assertThat(read("{\"type\":\"UPDATE\"}")).isEqualTo(StreamSettings.NONE);
        assertThat(read("{\"classes\":null}").classes()).isEmpty();
        assertThat(read("{\"conf\":null}").conf()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"conf\":1.5}                | conf must be a number from 0 to 1, got 1.5",
        "{\"conf\":\"high\"}           | conf must be a number from 0 to 1",
        "{\"priority\":1.5}            | priority must be an integer from -1000 to 1000, got 1.5",
        "{\"priority\":5000}           | priority must be an integer from -1000 to 1000",
        "{\"classes\":3}               | classes must be a list of class ids or names, got 3",
        "{\"classes\":[-1]}            | classes must be a list of class ids (0 or more) or names, got -1",
        "{\"classes\":[[1]]}           | classes must be a list of class ids (0 or more) or names",
        "{\"model\":7}                 | 'model' must be a model file name",
        "{\"preview_fps\":31}          | preview_fps must be a number from 0 to 30, got 31",
        "{\"zones\":[{\"name\":\"z\"}]} | zone 'z' needs a 'polygon'",
        "{\"motion\":\"on\"}            | motion must be \"off\" or \"gate\", got \"on\"",
        "{\"motion\":true}            | motion must be \"off\" or \"gate\", got true",
        "{\"motion_threshold\":2}     | motion_threshold must be a number from 0 to 1",
        "{\"motion_pixel_delta\":0}   | motion_pixel_delta must be an integer from 1 to 255 (grey levels), got 0",
        "{\"motion_pixel_delta\":2.5} | motion_pixel_delta must be an integer from 1 to 255",
        "{\"keepalive\":-1}           | keepalive must be a number of seconds from 0 to 3600, got -1",
        "{\"motion_masks\":{}}        | motion_masks must be a list of polygons [[x, y], ...] relative to the frame",
        "{\"motion_masks\":[[[0,0],[1,0]]]} | motion_masks polygon 0 needs 3 to 64 points [x, y], got 2",
        "{\"motion_masks\":[[[0,0],[1,0],[1,\"a\"]]]} | a point is [x, y], got [1,\"a\"]",
        "{\"motion_masks\":[[[0,0],[1,0],[1,1.5]]]} | motion_masks: point [1,1.5] is outside the frame",
    })
    void testInvalidValuesNameTheField(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidCommandException.class).hasMessageContaining(message);
    }

    @Test
    void testWrittenSettingsReadBackEqual() throws Exception {
        StreamSettings s = read("{\"conf\":0.35,\"classes\":[0,\"star\"],\"priority\":3,\"model\":\"m.torchscript\",\"preview_fps\":5,"
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]],\"anchor\":\"center\"}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"right\"}]}");
        assertThat(StreamSettingsJson.write(s).toString()).contains("\"conf\":0.35");
        assertThat(StreamSettingsJson.read(StreamSettingsJson.write(s))).isEqualTo(s);
        assertThat(StreamSettingsJson.write(StreamSettings.NONE).toString()).isEqualTo("{}");
    }

    @Test
    void testFieldsAsJsonTextAreReadTheSameWay() throws Exception {
        assertThat(StreamSettingsJson.fromFields(Map.of("conf", "0.4", "classes", "[0,2]")))
                .isEqualTo(new StreamSettings(0.4f, List.of(ClassRef.ofId(0), ClassRef.ofId(2)), null, null, null, null));
        assertThatThrownBy(() -> StreamSettingsJson.fromFields(Map.of("conf", "{oops")))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("'conf' is not valid JSON");
    }

    @Test
    void testMotionFieldsAreReadWrittenAndMergedOneByOne() throws Exception {
        StreamSettings start = read("{\"motion\":\"GATE\",\"motion_masks\":[[[0.6,0],[1,0],[1,0.1]]],\"keepalive\":10}");
        assertThat(start.motion().mode()).isEqualTo(MotionSettings.Mode.GATE);
        assertThat(start.motion().masks()).singleElement().satisfies(p -> assertThat(p).hasSize(3));
        assertThat(StreamSettingsJson.read(StreamSettingsJson.write(start))).isEqualTo(start);
        assertThat(StreamSettingsJson.write(start).toString()).contains("\"motion\":\"gate\"", "\"keepalive\":10.0");
        // An UPDATE that gives a threshold keeps the masks and keepalive; the defaults fill what no command gave.
        MotionSettings merged = start.then(read("{\"motion_threshold\":0.02,\"conf\":0.5}")).motion();
        assertThat(merged.masks()).isEqualTo(start.motion().masks());
        assertThat(merged.keepaliveSeconds()).isEqualTo(10.0);
        assertThat(merged.threshold()).isEqualTo(0.02);
        assertThat(merged.resolved().pixelDelta()).isEqualTo(MotionSettings.DEFAULT_PIXEL_DELTA);
        assertThat(read("{\"motion_masks\":null}").motion().masks()).isEmpty();
        assertThat(read("{\"conf\":0.5}").motion()).isNull();
        assertThat(MotionSettings.NONE.resolved().mode()).isEqualTo(MotionSettings.Mode.GATE);
    }

    @Test
    void testLaterSettingsReplaceOnlyWhatTheyGive() throws Exception {
        StreamSettings start = read("{\"conf\":0.4,\"classes\":[1],\"zones\":[]}");
        StreamSettings merged = start.then(read("{\"classes\":null,\"priority\":2}"));
        assertThat(merged).isEqualTo(new StreamSettings(0.4f, List.of(), 2, null, List.of(), null));
    }
}
