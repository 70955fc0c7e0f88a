package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.testing.ShippedModels;
import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model asked to run on a GPU, on a machine without one (these build machines have none; with
 * the {@code cuda} profile's GPU build the same holds): it runs on the CPU, and the log says why.
 */
class GpuFallbackTest {

    @ParameterizedTest
    @ValueSource(strings = {ShippedModels.SHAPES, ShippedModels.SHAPES_ONNX})
    void testNoGpuMeansTheCpuWithALogLine(String model) throws Exception {
        StringWriter log = new StringWriter();
        Logger logger = (Logger) LogManager.getLogger(YoloDetector.class);
        WriterAppender appender = WriterAppender.newBuilder().setName("gpu-fallback-test").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %msg%n").build()).build();
        appender.start();
        Level level = logger.getLevel();
        Configurator.setLevel(YoloDetector.class.getName(), Level.INFO); // the tests run with log4j's default, ERROR
        logger.addAppender(appender);
        try (YoloDetector detector = YoloDetector.load(
                DetectorConfig.builder().setModelPath(ShippedModels.path(model)).optDevice("gpu0").build())) {
            assertThat(detector.device()).isEqualTo("cpu");
            assertThat(log.toString()).contains("WARN No GPU 0 for " + model).contains("running on the CPU");
            BgrFrame frame = new BgrFrame(java.nio.ByteBuffer.wrap(new byte[320 * 240 * 3]), 320, 240, 320 * 3);
            assertThat(detector.detect(List.of(frame))).hasSize(1);
        } finally {
            logger.removeAppender(appender);
            appender.stop();
            Configurator.setLevel(YoloDetector.class.getName(), level);
        }
    }
}
