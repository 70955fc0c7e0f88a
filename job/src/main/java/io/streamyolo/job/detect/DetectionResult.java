package io.streamyolo.job.detect;

/**
 * One output record: a detections or status event as JSON, with its stream id (the Kafka key, so
 * that a stream's results stay in order in one partition).
 */
public record DetectionResult(String streamId, String json) {

    @Override
    public String toString() {
        return json;
    }
}
