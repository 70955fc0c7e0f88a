package io.streamyolo.job.view;

/** Numbers for the event store's records, as they were when the records travelled as JSON. */
final class StoreValues {

    private StoreValues() {}

    /**
     * A float as the double its decimal text reads as: 0.91f is stored as 0.91, not as
     * 0.9100000262260437 (its exact value). The store's columns and the dashboard show the
     * decimals the job's JSON results show.
     */
    static double decimal(float v) {
        return Double.parseDouble(Float.toString(v));
    }
}
