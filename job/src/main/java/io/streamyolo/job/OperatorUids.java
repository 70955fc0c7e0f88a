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
    /**
     * The event store's sink. Savepoints of builds that fed it JSON also name the stateless
     * {@code track-events} filter and {@code store-json} map: they restore without them.
     */
    public static final String STORE_SINK = "event-store";

    private OperatorUids() {}
}
