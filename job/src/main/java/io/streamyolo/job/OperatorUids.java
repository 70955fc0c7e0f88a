package io.streamyolo.job;

/**
 * The uids of the job's stateful operators: a savepoint maps its state to them, so they must not
 * change between builds (README, "Upgrades through savepoints").
 */
public final class OperatorUids {

    /** The registry of cameras and how far each control channel was read. */
    public static final String SOURCE = "rtsp-source";
    /** Each camera's frame_seq, counters and tracker. */
    public static final String DETECT = "yolo-detect";
    /** The results: print or Kafka (its transactions with --exactly-once). */
    public static final String RESULTS_SINK = "results-sink";
    /** The event store's sink and the operators that feed it. */
    public static final String STORE_SINK = "event-store";
    public static final String STORE_EVENTS = "track-events";
    public static final String STORE_JSON = "store-json";

    private OperatorUids() {}
}
