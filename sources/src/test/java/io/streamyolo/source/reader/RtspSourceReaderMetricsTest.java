package io.streamyolo.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class RtspSourceReaderMetricsTest {

    private static final StreamListener IGNORE = new StreamListener() {
        @Override
        public void frameAvailable() {}

        @Override
        public void status(StreamStatus status) {}
    };

    @Test
    void testCameraWithoutFramesHasMetricsAndShowsHowLongItHasBeenSilent() throws Exception {
        MetricListener listener = new MetricListener();
        Map<String, RtspStreamDecoder> decoders = new ConcurrentHashMap<>();
        RtspSourceReaderMetrics metrics = new RtspSourceReaderMetrics(listener.getMetricGroup(), decoders);
        // A decoder that is never started: like a camera that does not answer.
        decoders.put("cam", new RtspStreamDecoder(
                new RtspStreamSplit("cam", "rtsp://127.0.0.1:1/x", 0, null, null), DecoderSettings.defaults(), IGNORE));
        metrics.streamOpened("cam");

        Gauge<Long> silent = listener.<Long>getGauge("stream_id", "cam", RtspSourceReaderMetrics.TIME_SINCE_LAST_FRAME_MS).orElseThrow();
        Thread.sleep(200);
        assertThat(silent.getValue()).isGreaterThanOrEqualTo(200L);
        assertThat(listener.<Long>getGauge("stream_id", "cam", RtspSourceReaderMetrics.FRAMES_DECODED).orElseThrow().getValue()).isZero();
        assertThat(listener.<Integer>getGauge(RtspSourceReaderMetrics.ACTIVE_STREAMS).orElseThrow().getValue()).isEqualTo(1);

        // Stopped: its gauges read 0 (Flink cannot remove one metric group).
        decoders.remove("cam");
        assertThat(silent.getValue()).isZero();
        assertThat(listener.<Integer>getGauge(RtspSourceReaderMetrics.ACTIVE_STREAMS).orElseThrow().getValue()).isZero();
    }
}
