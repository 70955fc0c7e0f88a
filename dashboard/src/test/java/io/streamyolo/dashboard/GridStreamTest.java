package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.store.EventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cameras page's WebSocket against a real SQLite store: states, pictures of watched cameras, and who may open it. */
class GridStreamTest {

    @TempDir
    Path dir;

    EventStore store;
    DashboardServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        store = EventStore.open(storeUrl);
        server = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", dir.resolve("commands.jsonl").toString(), "--port", "0"
        }, Map.of()));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void testStatesThenPicturesOfWatchedCamerasOnly() throws Exception {
        long t = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("cam1", t, 1), TestCameras.preview("cam2", t, 1)),
                List.of(TestCameras.live("cam1", t), TestCameras.live("cam2", t)));
        Messages m = new Messages();
        WebSocket ws = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + server.port())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/grid"), m).get(5, TimeUnit.SECONDS);

        // The states first, as /api/cameras has them.
        JsonNode states = ApiJson.MAPPER.readTree((String) m.next());
        assertThat(states.path("cameras").findValuesAsText("stream_id")).containsExactly("cam1", "cam2");

        // Pictures of cam2 only, once asked for; a new one as soon as the store has it.
        ws.sendText("{\"watch\":[\"cam2\"]}", true).get(5, TimeUnit.SECONDS);
        JsonNode meta = picture(m);
        assertThat(meta.path("stream_id").asText()).isEqualTo("cam2");
        assertThat(meta.path("ts").asLong()).isEqualTo(t);
        store.write(List.of(), List.of(), List.of(TestCameras.preview("cam1", t + 300, 2), TestCameras.preview("cam2", t + 300, 2)),
                List.of());
        meta = picture(m);
        assertThat(meta.path("stream_id").asText()).isEqualTo("cam2");
        assertThat(meta.path("frame_seq").asLong()).isEqualTo(2);
        // And the states again (every DashboardServer.GRID_STATES_MS); until then, never a picture of cam1,
        // which the store got together with cam2's.
        long until = System.currentTimeMillis() + 15 * DashboardServer.GRID_STATES_MS;
        boolean statesAgain = false;
        while (!statesAgain && System.currentTimeMillis() < until) {
            Object next = m.queue.poll(100, TimeUnit.MILLISECONDS);
            if (next instanceof String) {
                statesAgain = true;
            } else if (next instanceof byte[] b) {
                assertThat(meta(b).path("stream_id").asText()).isEqualTo("cam2");
            }
        }
        assertThat(statesAgain).isTrue();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void testOtherOriginsAndNoOriginRefused() {
        String url = "ws://127.0.0.1:" + server.port() + "/api/grid";
        // Any web page may open a WebSocket to us; the browser says which one in Origin.
        assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", "http://evil.example")
                .buildAsync(URI.create(url), new Messages()).get(5, TimeUnit.SECONDS)).rootCause().hasMessageContaining("403");
        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create(url), new Messages()).get(5, TimeUnit.SECONDS))
                .rootCause().hasMessageContaining("403");
    }

    @Test
    void testWithATokenTheSocketNeedsIt() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        try (DashboardServer secured = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", dir.resolve("commands.jsonl").toString(), "--port", "0", "--auth", "s3cret-token"
        }, Map.of()))) {
            String origin = "http://127.0.0.1:" + secured.port();
            URI url = URI.create("ws://127.0.0.1:" + secured.port() + "/api/grid");
            assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", origin).buildAsync(url, new Messages())
                    .get(5, TimeUnit.SECONDS)).rootCause().hasMessageContaining("401");
            Messages m = new Messages();
            WebSocket ws = http.newWebSocketBuilder().header("Origin", origin).header("Authorization", "Bearer s3cret-token")
                    .buildAsync(url, m).get(5, TimeUnit.SECONDS);
            assertThat(m.next()).isInstanceOf(String.class);
            ws.abort();
        }
    }

    // ------------------------------------------------------------------------------------------

    private static JsonNode picture(Messages m) throws Exception {
        for (int i = 0; i < 10; i++) {
            if (m.next() instanceof byte[] b) {
                return meta(b);
            }
        }
        throw new AssertionError("no picture");
    }

    private static JsonNode meta(byte[] body) throws Exception {
        int n = ByteBuffer.wrap(body).getInt();
        return ApiJson.MAPPER.readTree(new String(body, 4, n, StandardCharsets.UTF_8));
    }

    /** Whole messages: text as String, binary as byte[]. */
    static final class Messages implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object o = queue.poll(5, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no message within 5 s");
            }
            return o;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bytes.writeBytes(b);
            if (last) {
                queue.add(bytes.toByteArray());
                bytes = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }
    }
}
