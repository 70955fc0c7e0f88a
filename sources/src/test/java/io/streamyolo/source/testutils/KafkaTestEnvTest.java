package io.streamyolo.source.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaTestEnvTest {

    @Test
    void testClusterIdNeverLooksLikeAnOption() {
        // URL-safe base64 of random bytes starts with '-' once in 64: 10,000 ids would show it.
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> KafkaTestEnv.clusterId()))
                .allSatisfy(id -> assertThat(id).doesNotStartWith("-").hasSize(22));
    }
}
