package io.streamyolo.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** Collects a running job's JSON results on a background thread and waits for conditions. */
final class ResultLog implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> results = new ArrayList<>();
    private final AutoCloseable source;
    private final Thread thread;
    private volatile boolean finished;

    ResultLog(Iterator<String> jsonLines, AutoCloseable source) {
        this.source = source;
        this.thread = new Thread(() -> {
            try {
                while (jsonLines.hasNext()) {
                    JsonNode node = MAPPER.readTree(jsonLines.next());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_received", System.currentTimeMillis());
                    synchronized (results) {
                        results.add(node);
                        results.notifyAll();
                    }
                }
            } catch (Exception e) {
                // the job ended or the collect connection closed
            } finally {
                finished = true;
                synchronized (results) {
                    results.notifyAll();
                }
            }
        }, "result-log");
        thread.setDaemon(true);
        thread.start();
    }

    List<JsonNode> snapshot() {
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }

    List<JsonNode> detections(String streamId) {
        return snapshot().stream()
                .filter(n -> n.path("event").asText().equals("detections") && n.path("stream_id").asText().equals(streamId))
                .toList();
    }

    JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        int checked = 0;
        synchronized (results) {
            while (true) {
                for (; checked < results.size(); checked++) {
                    if (condition.test(results.get(checked))) {
                        return results.get(checked);
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || finished) {
                    throw new AssertionError("Timed out after " + timeout + "; events so far: " + snapshot().stream()
                            .filter(n -> !n.path("event").asText().equals("detections")).toList());
                }
                results.wait(Math.min(left, 200));
            }
        }
    }

    JsonNode awaitEvent(String streamId, String event, long afterMillis, Duration timeout) throws InterruptedException {
        return await(n -> n.path("event").asText().equals(event) && n.path("stream_id").asText().equals(streamId)
                && n.path("_received").asLong() >= afterMillis, timeout);
    }

    void awaitFinished(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (!finished) {
            throw new AssertionError("Job did not finish within " + timeout);
        }
    }

    @Override
    public void close() throws Exception {
        source.close();
    }
}
