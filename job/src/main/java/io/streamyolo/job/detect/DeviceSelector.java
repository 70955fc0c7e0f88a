package io.streamyolo.job.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Chooses the device of a detection subtask: a GPU that Flink's GPU external resource gives the
 * TaskManager (round-robin by subtask index when it has several), or else the CPU.
 *
 * <p>Configure the resource in the Flink configuration ({@code external-resources: gpu}, see
 * {@code flink-conf/}); with one slot per GPU, each slot's model runs on its own GPU.
 */
public final class DeviceSelector {

    /** The name of Flink's GPU external resource. */
    public static final String GPU_RESOURCE = "gpu";

    private DeviceSelector() {}

    /**
     * @param gpus what {@code getExternalResourceInfos("gpu")} returned (each with an "index")
     * @return a DJL device name: {@code gpu<index>} or {@code cpu}
     */
    public static String select(Collection<ExternalResourceInfo> gpus, int subtaskIndex) {
        List<Integer> indices = new ArrayList<>();
        for (ExternalResourceInfo gpu : gpus) {
            gpu.getProperty("index").ifPresent(i -> indices.add(Integer.parseInt(i.strip())));
        }
        if (indices.isEmpty()) {
            return "cpu";
        }
        indices.sort(Integer::compare);
        return "gpu" + indices.get(subtaskIndex % indices.size());
    }
}
