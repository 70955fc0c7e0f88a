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
}
