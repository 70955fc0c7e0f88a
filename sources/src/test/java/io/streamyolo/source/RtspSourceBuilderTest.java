package io.streamyolo.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class RtspSourceBuilderTest {

    @Test
    void testOptionsFromAConfigurationAndSettersAfterThemWin() {
        Configuration config = new Configuration();
        config.set(RtspSourceOptions.READ_TIMEOUT, Duration.ofSeconds(9));
        config.set(RtspSourceOptions.RECONNECT_BACKOFF_MAX, Duration.ofSeconds(60));
        config.set(RtspSourceOptions.DEFAULT_MAX_FPS, 5.0);
        RtspSource source = RtspSource.builder().setOptions(config).setDefaultMaxFps(2).setControlFile(Path.of("c.jsonl")).build();
        assertThat(source.decoderSettings().readTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(source.decoderSettings().backoffMax()).isEqualTo(Duration.ofSeconds(60));
        assertThat(source.decoderSettings().backoffInitial()).isEqualTo(RtspSourceOptions.RECONNECT_BACKOFF_INITIAL.defaultValue());
        assertThat(source.defaultMaxFps()).isEqualTo(2.0);
    }

    @Test
    void testSanityCheckNamesTheProblem() {
        assertThatThrownBy(() -> RtspSource.builder().build()).hasMessageContaining("No control channel");
        Configuration config = new Configuration();
        config.set(RtspSourceOptions.RECONNECT_BACKOFF_INITIAL, Duration.ofSeconds(90));
        assertThatThrownBy(() -> RtspSource.builder().setOptions(config).setControlFile(Path.of("c")).build())
                .hasMessageContaining("Reconnect backoff must satisfy 0 <= initial <= max");
    }
}
