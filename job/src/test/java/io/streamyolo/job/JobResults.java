package io.streamyolo.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.testing.BackgroundLog;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Predicate;
import org.apache.flink.util.CloseableIterator;

/**
 * A running job's JSON results for a {@link BackgroundLog}: each parsed, with the time it arrived
 * as field {@code _received}, and conditions on them.
 */
final class JobResults {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobResults() {}

    /** Collects the results on a background thread; a timeout's message lists the events (not detections) so far. */
    static BackgroundLog<JsonNode> collect(CloseableIterator<String> jsonLines) {
        Iterator<JsonNode> parsed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return jsonLines.hasNext();
            }

            @Override
            public JsonNode next() {
                try {
                    ObjectNode node = (ObjectNode) MAPPER.readTree(jsonLines.next());
                    node.put("_received", System.currentTimeMillis());
                    return node;
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new BackgroundLog<>("result-log", parsed, jsonLines, detections().negate());
    }

    /** Detection results of any stream. */
    static Predicate<JsonNode> detections() {
        return n -> n.path("event").asText().equals("detections");
    }

    /** Detection results of the stream. */
    static Predicate<JsonNode> detections(String streamId) {
        return event(streamId, "detections");
    }

    /** Results of this event type ("detections", "error", "started", ...) of the stream. */
    static Predicate<JsonNode> event(String streamId, String event) {
        return n -> n.path("event").asText().equals(event) && n.path("stream_id").asText().equals(streamId);
    }
}
