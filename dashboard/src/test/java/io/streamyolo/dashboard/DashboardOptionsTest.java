package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardOptionsTest {

    static DashboardOptions parse(Map<String, String> env, String... args) {
        return DashboardOptions.parse(args, env);
    }

    @Test
    void testDefaults() {
        DashboardOptions o = parse(Map.of(), "--store", "work/events.db", "--control-file", "work/commands.jsonl");
        assertThat(o.bind()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(8090);
        assertThat(o.authEnabled()).isFalse();
        assertThat(o.flinkUi()).isEqualTo("http://127.0.0.1:8081");
        assertThat(o.allowedSchemes()).containsExactlyInAnyOrder("rtsp", "rtsps");
        assertThat(o.controlFile()).isEqualTo(Path.of("work/commands.jsonl"));
        assertThat(parse(Map.of(), "--help")).isNull();
        // The help says the defaults and ranges the parser applies.
        assertThat(DashboardOptions.HELP).contains("(default rtsp,rtsps)", "shows, 0 to 30.0 (default 3.0)", "'' for no link");
        assertThat(parse(Map.of(), "--store", "a.db", "--control-file", "c", "--flink-ui", "").flinkUi()).isEmpty();
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--idle-fps", "31"))
                .hasMessageContaining("--idle-fps must be a number from 0 to 30.0");
        // The job's own defaults, shown in the forms.
        assertThat(o.jobConf()).isEqualTo(io.streamyolo.model.DetectorConfig.DEFAULT_CONFIDENCE, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.jobMaxFps()).isEqualTo(io.streamyolo.source.RtspSourceOptions.DEFAULT_MAX_FPS.defaultValue());
        assertThat(o.jobClasses()).isEmpty();
        assertThat(parse(Map.of(), "--store", "a.db", "--control-file", "c", "--job-classes", "person, 2").jobClasses())
                .containsExactly("person", "2");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--job-conf", "2"))
                .hasMessageContaining("--job-conf must be a number from 0 to 1");
    }

    @Test
    void testOtherAddressNeedsAToken() {
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--bind", "0.0.0.0"))
                .hasMessageContaining("--bind 0.0.0.0 makes the dashboard reachable from other machines")
                .hasMessageContaining("--auth TOKEN");
        assertThat(parse(Map.of(), "--store", "a.db", "--control-file", "c", "--bind", "0.0.0.0", "--auth", "long-enough-token")
                .authEnabled()).isTrue();
        // From the environment, where 'ps' does not show it.
        DashboardOptions fromEnv = parse(Map.of(DashboardOptions.AUTH_ENV, "long-enough-token", DashboardOptions.STORE_ENV, "x.db"),
                "--control-file", "c", "--bind=0.0.0.0");
        assertThat(fromEnv.authEnabled()).isTrue();
        assertThat(fromEnv.storeUrl()).isEqualTo("x.db");
        assertThat(fromEnv.toString()).doesNotContain("long-enough-token");
        assertThat(parse(Map.of(), "--store", "a.db", "--control-file", "c", "--bind", "localhost").bindsLoopback()).isTrue();
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--auth", "short"))
                .hasMessageContaining("at least 8 characters");
    }

    @Test
    void testExactlyOneControlChannel() {
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db")).hasMessageContaining("a control channel is required");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--kafka-bootstrap", "h:9092",
                "--control-topic", "t")).hasMessageContaining("both given");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--kafka-bootstrap", "h:9092"))
                .hasMessageContaining("go together");
        DashboardOptions kafka = parse(Map.of(), "--store", "a.db", "--kafka-bootstrap", "h:9092", "--control-topic", "t");
        assertThat(kafka.controlChannel()).isEqualTo("Kafka topic t at h:9092");
    }

    @Test
    void testBadArguments() {
        assertThatThrownBy(() -> parse(Map.of(), "--control-file", "c")).hasMessageContaining("--store is required");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--port", "x"))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--nope", "1"))
                .hasMessageContaining("unknown argument '--nope'");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--hide-stopped-after-s", "-1"))
                .hasMessageContaining("--hide-stopped-after-s must be a whole number of seconds");
        assertThat(parse(Map.of(), "--store", "a.db", "--control-file", "c", "--hide-stopped-after-s", "0").hideStoppedAfterS()).isZero();
        assertThatThrownBy(() -> parse(Map.of(), "--store", "a.db", "--control-file", "c", "--flink-ui", "javascript:alert(1)"))
                .hasMessageContaining("--flink-ui must be an http");
        assertThat(parse(Map.of(), "--store", "postgresql://u:pw@db/x", "--control-file", "c").toString())
                .contains("u:***@db").doesNotContain("pw@");
    }
}
