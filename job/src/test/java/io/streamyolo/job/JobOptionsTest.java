package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void testArgumentsParse() {
        JobOptions o = JobOptions.parse(new String[] {
            "--model", "m.torchscript", "--stream", "cam1=rtsp://h/a", "--stream", "cam2=rtsp://u:p@h/b?x=1",
            "--batch-size", "8", "--classes", "0, 2", "--kafka-bootstrap", "k:9092", "--results-topic", "r", "--exactly-once"
        });
        assertThat(o.streams).hasSize(2);
        assertThat(o.streams.get(1)).containsExactly("cam2", "rtsp://u:p@h/b?x=1");
        assertThat(o.batchSize).isEqualTo(8);
        assertThat(o.classes).containsExactly(0, 2);
        assertThat(o.exactlyOnce).isTrue();
        assertThat(o.letterboxInDecoders).as("default").isTrue();
        assertThat(JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--letterbox", "inference"})
                .letterboxInDecoders).isFalse();
        assertThat(o.modelType).as("default").isEqualTo(io.streamyolo.model.ModelFamily.AUTO);
        assertThat(JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--model-type", "YOLOX"}).modelType)
                .isEqualTo(io.streamyolo.model.ModelFamily.YOLOX);
        assertThat(o.trackerConfig().outageLimitMs()).as("default").isEqualTo(10_000);
        assertThat(JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--track-outage-ms", "0"})
                .trackerConfig().outageLimitMs()).isZero();
        assertThat(o.detectInterval).as("default").isEqualTo(1);
        assertThat(JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--detect-interval", "3"}).detectInterval)
                .isEqualTo(3);
    }

    @Test
    void testMistakesAreNamed() {
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--stream", "a=rtsp://h"})).hasMessageContaining("--model");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m"})).hasMessageContaining("no cameras");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--bogus", "1"}))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--batch-size", "x"}))
                .hasMessageContaining("--batch-size");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--model-type", "ssd"}))
                .hasMessageContaining("--model-type").hasMessageContaining("ssd").hasMessageContaining("auto, ultralytics, yolox");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--letterbox", "gpu"}))
                .hasMessageContaining("--letterbox must be decoders or inference, got 'gpu'");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--control-topic", "c"}))
                .hasMessageContaining("--kafka-bootstrap");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--detect-interval", "0"}))
                .hasMessageContaining("--detect-interval must be from 1 to 30, got 0");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--recordings-max-gb", "-1"}))
                .hasMessageContaining("--recordings-max-gb must be >= 0");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--recordings", "pom.xml"}))
                .hasMessageContaining("--recordings pom.xml is not a directory");
    }

    @Test
    void testRecordingsDirectoryAndSizeLimit() {
        JobOptions o = JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h", "--recordings", "target/rec",
            "--recordings-max-gb", "2.5"});
        assertThat(o.recordings).isEqualTo(java.nio.file.Path.of("target/rec"));
        assertThat(o.recordingsMaxGb).isEqualTo(2.5);
        assertThat(JobOptions.parse(new String[] {"--model", "m", "--stream", "a=rtsp://h"}).recordings).isNull();
    }
}
