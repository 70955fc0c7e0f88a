package io.streamyolo.control.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.StreamSettings;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamCommandParserTest {

    private final StreamCommandParser parser = new StreamCommandParser(UrlPolicy.defaults());

    @Test
    void testSeedCommandsParse() throws Exception {
        StreamCommand start = parser.parse("{\"type\":\"START\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://camera/stream\"}");
        assertThat(start.type()).isEqualTo(StreamCommand.Type.START);
        assertThat(start.streamId()).isEqualTo("cam1");
        assertThat(start.url()).isEqualTo("rtsp://camera/stream");
        assertThat(start.maxFps()).isNull();
        assertThat(parser.parse("{\"type\":\"STOP\",\"stream_id\":\"cam1\"}").type()).isEqualTo(StreamCommand.Type.STOP);
        assertThat(parser.parse("{\"type\":\"SHUTDOWN\"}").type()).isEqualTo(StreamCommand.Type.SHUTDOWN);
    }

    @Test
    void testOptionalFieldsAndSettingsAreKept() throws Exception {
        StreamCommand start = parser.parse("{\"type\":\"start\",\"stream_id\":\"cam-2\",\"url\":\"rtsps://h/p\","
                + "\"max_fps\":5,\"transport\":\"UDP\",\"conf\":0.4,\"classes\":[0,2]}");
        assertThat(start.maxFps()).isEqualTo(5.0);
        assertThat(start.transport()).isEqualTo("udp");
        assertThat(start.settings().conf()).isEqualTo(0.4f);
        assertThat(start.settings().classes()).containsExactly(ClassRef.ofId(0), ClassRef.ofId(2));
        assertThat(start.settings().priority()).isNull();
        StreamCommand update = parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"max_fps\":2}");
        assertThat(update.maxFps()).isEqualTo(2.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{not json                                                   | not valid JSON",
        "[1,2]                                                       | must be a JSON object",
        "{\"stream_id\":\"a\"}                                      | no 'type'",
        "{\"type\":\"REBOOT\",\"stream_id\":\"a\"}                  | unknown command type 'REBOOT'",
        "{\"type\":\"START\",\"rtsp\":\"rtsp://h/p\"}               | no 'stream_id'",
        "{\"type\":\"STOP\",\"stream_id\":\"\"}                     | no 'stream_id'",
        "{\"type\":\"START\",\"stream_id\":\"a b\",\"rtsp\":\"rtsp://h/p\"} | invalid stream_id",
        "{\"type\":\"START\",\"stream_id\":123,\"rtsp\":\"rtsp://h/p\"} | 'stream_id' must be a string, got number",
        "{\"type\":\"STOP\",\"stream_id\":[\"a\"]}               | 'stream_id' must be a string, got array",
        "{\"type\":\"START\",\"stream_id\":\"a\"}                   | missing camera URL",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"file:///etc/passwd\"} | scheme 'file' is not allowed",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"concat:/a.ts\"}  | no scheme",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://h/a b\"} | forbidden character",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"/tmp/x.mp4\"} | no scheme",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"http://h/x\"} | scheme 'http' is not allowed",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp:///p\"} | no host",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://h/p\",\"max_fps\":-1} | max_fps must be",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://h/p\",\"transport\":\"sctp\"} | transport must be tcp or udp",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":{}}                                  | 'zones' must be a list",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":[{\"name\":\"z\"}]}                 | zone 'z' needs a 'polygon'",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":[{\"name\":\"z\",\"polygon\":[[0,0],[1,0]]}]} | Zone 'z': polygon needs 3 to 64 points, got 2",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":[{\"name\":\"z\",\"polygon\":[[0,0],[2,0],[1,1]]}]} | outside the frame",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":[{\"name\":\"z\",\"polygon\":[[0,0],[0.5,0.5],[1,1]]}]} | zero area",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"zones\":[{\"name\":\"z\",\"polygon\":[[0,0],[1,0],[1,1]],\"color\":1}]} | unknown field 'color' in 'zones'",
        "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://h/p\",\"lines\":[{\"name\":\"l\",\"a\":[0,0],\"b\":[0,0]}]} | must differ",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"lines\":[{\"name\":\"l\",\"a\":[0,0],\"b\":[1,1],\"in\":\"up\"}]} | 'in' must be \"left\" or \"right\"",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"lines\":[{\"name\":\"l\",\"a\":[0,0]}]} | needs end points 'a' and 'b'",
        "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"lines\":[{\"name\":\"l\",\"a\":[0,0],\"b\":[1,\"x\"]}]} | a point must be [x, y]",
    })
    void testBadCommandsNameTheProblem(String line, String expected) {
        assertThatThrownBy(() -> parser.parse(line))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void testDuplicateKeysAndTrailingContentAreRefused() {
        // Last-one-wins would let {"stream_id":"probe10","stream_id":"cam1"} restart cam1 unseen.
        assertThatThrownBy(() -> parser.parse("{\"type\":\"START\",\"stream_id\":\"probe10\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://h/x\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("Duplicate field 'stream_id'");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"zones\":[{\"name\":\"a\",\"name\":\"b\",\"polygon\":[[0,0],[1,0],[1,1]]}]}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"STOP\",\"stream_id\":\"cam1\"} {\"type\":\"SHUTDOWN\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"STOP\",\"stream_id\":\"cam1\"}x"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void testEchoedValuesAreCutAndKeptOnOneLine() {
        String longName = "z".repeat(60_000) + "\nFAKE LOG LINE";
        assertThatThrownBy(() -> parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"zones\":[{\"name\":\""
                + longName.replace("\n", "\\n") + "\"}]}"))
                .isInstanceOf(InvalidCommandException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n"));
        assertThatThrownBy(() -> parser.parse("{\"type\":\"START\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://h/x\",\"max_fps\":\""
                + "9".repeat(60_000) + "\"}"))
                .isInstanceOf(InvalidCommandException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void testModelCommands() throws Exception {
        StreamCommand job = parser.parse("{\"type\":\"MODEL\",\"model\":\"yolo11n.torchscript\"}");
        assertThat(job.type()).isEqualTo(StreamCommand.Type.MODEL);
        assertThat(job.streamId()).isNull();
        assertThat(job.settings()).isEqualTo(StreamSettings.ofModel("yolo11n.torchscript"));
        assertThat(parser.parse("{\"type\":\"MODEL\",\"stream_id\":\"cam1\",\"model\":\"m.pt\"}").streamId()).isEqualTo("cam1");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"MODEL\"}")).hasMessageContaining("'model'");
    }

    /** A model's family can be forced where its file does not tell; a later model without one is left to its file. */
    @Test
    void testModelType() throws Exception {
        StreamCommand model = parser.parse("{\"type\":\"MODEL\",\"model\":\"x.onnx\",\"model_type\":\"YOLOX\"}");
        assertThat(model.settings()).isEqualTo(StreamSettings.ofModel("x.onnx", "yolox"));
        StreamCommand start = parser.parse("{\"type\":\"START\",\"stream_id\":\"c\",\"rtsp\":\"rtsp://h/s\","
                + "\"model\":\"x.onnx\",\"model_type\":\"ultralytics\"}");
        assertThat(start.settings().modelType()).isEqualTo("ultralytics");
        assertThat(start.settings().then(StreamSettings.ofModel("y.onnx")).modelType()).isNull();
        assertThat(start.settings().then(new StreamSettings(0.3f, null, null, null, null, null)).modelType()).isEqualTo("ultralytics");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"MODEL\",\"model\":\"x.onnx\",\"model_type\":\"ssd\"}"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("model_type must be one of auto, ultralytics, yolox").hasMessageContaining("ssd");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"c\",\"model_type\":\"yolox\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("'model_type' needs a 'model'");
    }

    @Test
    void testOperatorCanAllowMoreSchemes() throws Exception {
        StreamCommandParser permissive = new StreamCommandParser(new UrlPolicy(Set.of("rtsp", "file", "http")));
        assertThat(permissive.parse("{\"type\":\"START\",\"stream_id\":\"demo\",\"url\":\"file:///videos/a.mp4\"}").url())
                .isEqualTo("file:///videos/a.mp4");
        assertThat(permissive.parse("{\"type\":\"START\",\"stream_id\":\"m\",\"url\":\"http://cam/mjpeg\"}").url())
                .isEqualTo("http://cam/mjpeg");
    }

    @Test
    void testRejectedUrlsNeverShowThePassword() {
        assertThatThrownBy(() -> parser.parse("{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"http://admin:hunter2@h/x\"}"))
                .hasMessageContaining("admin:***@")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void testUnknownFieldsAreRejected() {
        assertThatThrownBy(() -> parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"confidence\":0.5}"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("unknown field 'confidence'")
                .hasMessageContaining("conf, detect_interval, keepalive, lines, max_clip, max_fps");
    }

    @Test
    void testZonesAndLinesAreKeptAsGiven() throws Exception {
        StreamCommand update = parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\","
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"right\",\"anchor\":\"center\"}]}");
        assertThat(update.settings().zones()).singleElement()
                .satisfies(z -> assertThat(z.name()).isEqualTo("gate"));
        assertThat(update.settings().lines()).singleElement()
                .satisfies(l -> assertThat(l.inSide()).isEqualTo(io.streamyolo.track.zone.InSide.RIGHT))
                .satisfies(l -> assertThat(l.anchor()).isEqualTo(io.streamyolo.track.zone.Anchor.CENTER));
        assertThat(parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"zones\":[]}").settings().zones()).isEmpty();
        assertThat(parser.parse("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\"}").settings().zones()).isNull();
    }
}
