package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.testing.KafkaTestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands from the dashboard to the job's Kafka control topic, on a real broker. */
class KafkaCommandSinkITCase {

    static final String TOPIC = "camera-commands";

    @TempDir
    Path dir;

    @Test
    void testCommandsReachTheTopicCheckedAndKeyedByCamera() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaTestEnv kafka = new KafkaTestEnv(dir).start()) {
            kafka.createTopic(TOPIC, 1);
            DashboardOptions options = DashboardOptions.parse(new String[] {
                "--store", dir.resolve("e.db").toString(), "--kafka-bootstrap", kafka.bootstrapServers(), "--control-topic", TOPIC,
                "--port", "0"
            }, Map.of());
            try (DashboardServer server = DashboardServer.start(options)) {
                String base = "http://127.0.0.1:" + server.port();
                assertThat(post(http, base, "{\"type\":\"START\",\"stream_id\":\"door\",\"rtsp\":\"rtsp://u:pw@10.0.0.7/live\"}").statusCode())
                        .isEqualTo(200);
                assertThat(post(http, base, "{\"type\":\"START\",\"stream_id\":\"x\",\"rtsp\":\"file:///etc/passwd\"}").statusCode())
                        .isEqualTo(400);
                assertThat(post(http, base, "{\"type\" : \"STOP\",\n \"stream_id\" : \"door\"}").statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/config")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("control").asText()).isEqualTo("kafka");

                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                try (KafkaConsumer<String, String> consumer = kafka.consumer("test", "read_committed")) {
                    consumer.subscribe(List.of(TOPIC));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (records.size() < 2 && System.nanoTime() < deadline) {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    }
                }
                assertThat(records).extracting(ConsumerRecord::key).containsExactly("door", "door");
                assertThat(records).extracting(ConsumerRecord::value).containsExactly(
                        "{\"type\":\"START\",\"stream_id\":\"door\",\"rtsp\":\"rtsp://u:pw@10.0.0.7/live\"}",
                        "{\"type\":\"STOP\",\"stream_id\":\"door\"}");

                // The broker goes away: the form hears of it (503) instead of the command vanishing.
                kafka.close();
                long start = System.nanoTime();
                HttpResponse<String> down = post(http, base, "{\"type\":\"STOP\",\"stream_id\":\"door\"}");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("cannot send the command to the job");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            }
        }
    }

    private static HttpResponse<String> post(HttpClient http, String base, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/commands")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
