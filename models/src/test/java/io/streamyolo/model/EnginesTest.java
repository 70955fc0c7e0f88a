package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void testConfigureSetsDefaultsAndKeepsWhatTheCommandLineGave() {
        String before = System.getProperty(Engines.PYTORCH_GRAPH_OPTIMIZER);
        try {
            System.clearProperty(Engines.PYTORCH_GRAPH_OPTIMIZER);
            Engines.configure();
            assertThat(System.getProperty(Engines.PYTORCH_GRAPH_OPTIMIZER)).isEqualTo("false");
            System.setProperty(Engines.PYTORCH_GRAPH_OPTIMIZER, "true");
            Engines.configure();
            assertThat(System.getProperty(Engines.PYTORCH_GRAPH_OPTIMIZER)).isEqualTo("true");
            assertThat(System.getProperty(Engines.OFFLINE)).isEqualTo("true");
            assertThat(System.getProperty(Engines.OPT_OUT_TRACKING)).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty(Engines.PYTORCH_GRAPH_OPTIMIZER);
            } else {
                System.setProperty(Engines.PYTORCH_GRAPH_OPTIMIZER, before);
            }
        }
    }

    @Test
    void testThreadsSizeBothEnginesUnlessTheCommandLineDid() {
        String torch = System.getProperty(Engines.PYTORCH_THREADS);
        String ort = System.getProperty(Engines.ONNXRUNTIME_THREADS);
        try {
            System.clearProperty(Engines.PYTORCH_THREADS);
            System.setProperty(Engines.ONNXRUNTIME_THREADS, "3");
            Engines.threads(0);
            assertThat(System.getProperty(Engines.PYTORCH_THREADS)).as("0: the engine's default").isNull();
            Engines.threads(1);
            assertThat(System.getProperty(Engines.PYTORCH_THREADS)).isEqualTo("1");
            assertThat(System.getProperty(Engines.ONNXRUNTIME_THREADS)).as("given with -D").isEqualTo("3");
        } finally {
            restore(Engines.PYTORCH_THREADS, torch);
            restore(Engines.ONNXRUNTIME_THREADS, ort);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
