package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    /** What Flink's GPU driver gives a task: one info per GPU of the TaskManager, with its index. */
    private static ExternalResourceInfo gpu(String index) {
        Map<String, String> props = Map.of("index", index);
        return new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return Optional.ofNullable(props.get(key));
            }

            @Override
            public Collection<String> getKeys() {
                return props.keySet();
            }
        };
    }

    @Test
    void testNoGpuResourceMeansCpu() {
        assertThat(DeviceSelector.select(Set.of(), 0)).isEqualTo("cpu");
    }

    @Test
    void testOneGpuPerSlot() {
        assertThat(DeviceSelector.select(List.of(gpu("3")), 0)).isEqualTo("gpu3");
        assertThat(DeviceSelector.select(List.of(gpu("3")), 5)).isEqualTo("gpu3");
    }

    @Test
    void testSeveralGpusAreSharedRoundRobinBySubtask() {
        List<ExternalResourceInfo> gpus = List.of(gpu("1"), gpu("0"), gpu("2"));
        assertThat(DeviceSelector.select(gpus, 0)).isEqualTo("gpu0");
        assertThat(DeviceSelector.select(gpus, 1)).isEqualTo("gpu1");
        assertThat(DeviceSelector.select(gpus, 2)).isEqualTo("gpu2");
        assertThat(DeviceSelector.select(gpus, 3)).isEqualTo("gpu0");
    }
}
