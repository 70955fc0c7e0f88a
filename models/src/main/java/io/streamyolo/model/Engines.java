package io.streamyolo.model;

/**
 * The JVM-wide settings that DJL's engines read from system properties, set once where a process
 * starts: the job's {@code main}, the {@code detect} and benchmark commands.
 *
 * <p>They used to be set by {@link YoloDetector}'s static initializer, which changed the whole
 * JVM's properties as a side effect of loading a class. Processes that never run one of our mains
 * (Flink's TaskManagers, test JVMs) get the same values as {@code -D} options: {@code
 * FLINK_JAVA_OPTS} in {@code bin/common.sh} (the local cluster), {@code env.java.opts.all} in {@code
 * flink-conf/config.yaml} (a Flink installation), {@code bin/bench-job} and the parent POM's
 * {@code djl.test.argLine}. The environment variables that pin libtorch to AVX2 ({@code
 * ATEN_CPU_CAPABILITY}, {@code ONEDNN_MAX_CPU_ISA}) cannot be set from Java; the {@code bin/}
 * scripts and the POM set them.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Engines.configure();
 *     ...
 * }
 * }</pre>
 */
public final class Engines {

    /** DJL never reaches the network: no engine download. */
    public static final String OFFLINE = "ai.djl.offline";
    /** DJL sends no usage tracking. */
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    /**
     * TorchScript's profiling executor re-optimizes the graph for every new input shape, and
     * batching across streams gives a new batch size often: each costs seconds (measured here: 3 s
     * per YOLOv8n forward while profiling, 120 ms with it off). Off unless asked for.
     */
    public static final String PYTORCH_GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

    private Engines() {}

    /**
     * Sets each property to its default unless the command line gave it. Call before the first
     * model loads; calling it again changes nothing.
     */
    public static void configure() {
        setIfAbsent(OFFLINE, "true");
        setIfAbsent(OPT_OUT_TRACKING, "true");
        setIfAbsent(PYTORCH_GRAPH_OPTIMIZER, "false");
    }

    /** Intra-op threads of libtorch's pool, read when the engine starts. */
    public static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";
    /** Intra-op threads of ONNX Runtime's global pool, read when DJL creates its environment. */
    public static final String ONNXRUNTIME_THREADS = "ai.djl.onnxruntime.num_threads";

    /**
     * Sizes both engines' intra-op thread pools, unless {@code -D} options gave them. The pools are
     * one per JVM and sized when each engine starts, so only a call before the first model of
     * that engine loads has an effect; later calls change nothing.
     */
    public static void threads(int threads) {
        if (threads > 0) {
            setIfAbsent(PYTORCH_THREADS, Integer.toString(threads));
            setIfAbsent(ONNXRUNTIME_THREADS, Integer.toString(threads));
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
