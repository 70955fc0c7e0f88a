package io.streamyolo.dashboard;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.dashboard.testutils.TestClips;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.testutils.TestEvents;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's API against a real SQLite store, with rows written as the job's sink writes them. */
class DashboardServerTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    String storeUrl;
    Path control;
    EventStore store;
    DashboardServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A new, empty store; {@code PostgresDashboardServerITCase} runs the same tests on PostgreSQL. */
    String newStoreUrl() throws Exception {
        return "jdbc:sqlite:" + dir.resolve("events.db");
    }

    @BeforeEach
    void start() throws Exception {
        storeUrl = newStoreUrl();
        control = dir.resolve("control/commands.jsonl");
        store = EventStore.open(storeUrl);
        server = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", control.toString(), "--port", "0"
        }, Map.of()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void testCamerasListedWithStateFiguresAndPicture() throws Exception {
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("cam1", now - 200, 41)), List.of(
                TestCameras.live("cam1", now - 500),
                TestCameras.state("cam2", now - 800, CameraState.ERROR, "rtsp://admin:hunter2@10.0.0.9/x: 401 Unauthorized"),
                TestCameras.state("cam3", now - 60_000, CameraState.STOPPED, "stopped by a STOP command"),
                TestCameras.live("cam4", now - 30_000)));

        JsonNode body = json(get("/api/cameras"));
        JsonNode cams = body.path("cameras");
        assertThat(cams).extracting(c -> c.path("stream_id").asText()).containsExactly("cam1", "cam2", "cam3", "cam4");
        JsonNode cam1 = cams.get(0);
        assertThat(cam1.path("state").asText()).isEqualTo("live");
        assertThat(cam1.path("stale").asBoolean()).isFalse();
        assertThat(cam1.path("fps").asDouble()).isEqualTo(12.5);
        assertThat(cam1.path("dropped").asLong()).isEqualTo(3);
        assertThat(cam1.path("skipped").asLong()).isEqualTo(40);
        assertThat(cam1.path("predicted").asLong()).isEqualTo(5);
        assertThat(cam1.path("objects").asInt()).isEqualTo(1);
        assertThat(cam1.path("zones").get(0).path("name").asText()).isEqualTo("gate");
        assertThat(cam1.path("line_counts").path("door").path("out").asInt()).isEqualTo(2);
        assertThat(cam1.path("settings").path("classes").toString()).isEqualTo("[0,2]");
        assertThat(cam1.path("preview_ts").asLong()).isEqualTo(now - 200);
        // A reason never shows a camera password, even if one reached the store.
        assertThat(cams.get(1).path("reason").asText()).isEqualTo("rtsp://admin:***@10.0.0.9/x: 401 Unauthorized");
        assertThat(body.toString()).doesNotContain("hunter2");
        // Stopped stays listed as stopped; a live camera without reports for 30 s is stale.
        assertThat(cams.get(2).path("state").asText()).isEqualTo("stopped");
        assertThat(cams.get(2).path("stale").asBoolean()).isFalse();
        assertThat(cams.get(3).path("stale").asBoolean()).isTrue();

        assertThat(json(get("/api/cameras/cam1")).path("stream_id").asText()).isEqualTo("cam1");
        assertThat(get("/api/cameras/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void testEndedCamerasRemovedOrHiddenByAgeWhileTheStoreKeepsThem() throws Exception {
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("old", now - 3_600_000, 1)), List.of(
                TestCameras.live("cam1", now),
                TestCameras.state("cam2", now, CameraState.ERROR, "401 Unauthorized"),
                TestCameras.state("cam3", now - 5_000, CameraState.STOPPED, null),
                TestCameras.state("old", now - 3_600_000, CameraState.STOPPED, null)));
        // Stopped an hour ago: past the 10 minutes of --hide-stopped-after-s, not listed (its picture neither).
        assertThat(json(get("/api/cameras")).path("cameras").findValuesAsText("stream_id")).containsExactly("cam1", "cam2", "cam3");
        assertThat(get("/api/cameras/old").statusCode()).isEqualTo(200);

        assertThat(post("/api/cameras/cam1/remove", "").statusCode()).isEqualTo(409);
        assertThat(post("/api/cameras/cam1/remove", "").body()).contains("is live: stop it first");
        assertThat(post("/api/cameras/nope/remove", "").statusCode()).isEqualTo(404);
        assertThat(post("/api/cameras/cam3/remove", "").statusCode()).isEqualTo(200);
        assertThat(post("/api/cameras/cam2/remove", "").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/cameras")).path("cameras").findValuesAsText("stream_id")).containsExactly("cam1");
        // The store keeps them, and nothing went to the job.
        assertThat(store.cameras()).extracting(CameraState::streamId).contains("cam2", "cam3", "old");
        assertThat(control).doesNotExist();

        // Still in error when reported again: still hidden. Started again: listed again.
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.state("cam2", now + 1_000, CameraState.ERROR, "401"),
                TestCameras.live("cam3", now + 1_000)));
        Thread.sleep(DashboardServer.CAMERA_CACHE_MS + 50);
        assertThat(json(get("/api/cameras")).path("cameras").findValuesAsText("stream_id")).containsExactly("cam1", "cam3");
    }

    @Test
    void testPreviewJpegAndFrameLongPoll() throws Exception {
        long t = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("cam1", t, 10)), List.of(TestCameras.live("cam1", t)));

        HttpResponse<byte[]> jpeg = getBytes("/api/cameras/cam1/preview.jpg");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpeg.headers().firstValue("X-Frame-Ts")).contains(Long.toString(t));
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth()).isEqualTo(640);
        assertThat(getBytes("/api/cameras/nope/preview.jpg").statusCode()).isEqualTo(404);

        // The first frame comes at once: meta, then the JPEG.
        Frame first = frame(getBytes("/api/cameras/cam1/frame?after=-1"));
        assertThat(first.meta.path("ts").asLong()).isEqualTo(t);
        assertThat(first.meta.path("frame_seq").asLong()).isEqualTo(10);
        assertThat(first.meta.path("labels").get(0).asText()).isEqualTo("square");
        assertThat(first.meta.path("track_ids").get(0).asLong()).isEqualTo(7);
        assertThat(first.meta.path("data").get(0).get(0).size()).isEqualTo(4);
        assertThat(ImageIO.read(new ByteArrayInputStream(first.jpeg)).getHeight()).isEqualTo(360);

        // The next one is waited for: it comes when the store has it, not when the wait runs out.
        long wait = CameraRoutes.MAX_FRAME_WAIT_MS;
        CompletableFuture<HttpResponse<byte[]>> next = http.sendAsync(
                request("/api/cameras/cam1/frame?after=" + t + "&wait=" + wait).build(), HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(400);
        assertThat(next).isNotDone();
        long written = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("cam1", t + 500, 11)), List.of());
        HttpResponse<byte[]> r = next.get(wait + 5_000, TimeUnit.MILLISECONDS);
        long waited = System.currentTimeMillis() - written;
        assertThat(frame(r).meta.path("frame_seq").asLong()).isEqualTo(11);
        // Polled every 100 ms: half the wait leaves a loaded machine room, and still tells the write's answer from the wait's end.
        assertThat(waited).as("ms from the store write to the answer").isLessThan(wait / 2);

        // Nothing newer within the wait: 204.
        assertThat(getBytes("/api/cameras/cam1/frame?after=" + (t + 500) + "&wait=300").statusCode()).isEqualTo(204);
        assertThat(getBytes("/api/cameras/nope/frame?after=-1").statusCode()).isEqualTo(404);
        assertThat(getBytes("/api/cameras/cam1/frame?after=x").statusCode()).isEqualTo(400);
    }

    @Test
    void testEventsFilteredWithSnapshots() throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        events.addAll(TestEvents.track("cam1", 1, T0));
        events.addAll(TestEvents.track("cam2", 2, T0 + 10_000));
        store.write(events, List.of(TestEvents.snapshot("cam1", 1, T0, 0.9, 2_000, 300, 1)));

        JsonNode all = json(get("/api/events"));
        assertThat(all.path("events")).hasSize(10);
        assertThat(all.path("events").get(0).path("ts").asLong()).isEqualTo(T0 + 14_000);
        JsonNode zone = json(get("/api/events?camera=cam1&kind=zone_entered"));
        assertThat(zone.path("events")).hasSize(1);
        assertThat(zone.path("events").get(0).path("zone").asText()).isEqualTo("gate");
        JsonNode line = json(get("/api/events?line=door&class=square&since=" + (T0 + 5_000)));
        assertThat(line.path("events")).extracting(e -> e.path("stream_id").asText() + "/" + e.path("direction").asText())
                .containsExactly("cam2/in");
        JsonNode left = json(get("/api/events?kind=object_left&until=" + (T0 + 5_000)));
        assertThat(left.path("events").get(0).path("duration_ms").asLong()).isEqualTo(4_000);
        assertThat(left.path("events").get(0).path("zones").get(0).asText()).isEqualTo("gate");
        assertThat(json(get("/api/events?since=2025-11-25T11:43:05Z")).path("events")).hasSize(5);
        assertThat(get("/api/events?kind=nonsense").statusCode()).isEqualTo(400);
        assertThat(get("/api/events?zone=a&line=b").statusCode()).isEqualTo(400);
        assertThat(get("/api/events?limit=100000").statusCode()).isEqualTo(400);
        // Pages: the total of all that match, and a page further back.
        assertThat(all.path("total").asLong()).isEqualTo(10);
        assertThat(all.path("last_id").asLong()).isEqualTo(store.lastEventId());
        JsonNode page2 = json(get("/api/events?camera=cam2&limit=2&offset=2"));
        assertThat(page2.path("total").asLong()).isEqualTo(5);
        assertThat(page2.path("offset").asInt()).isEqualTo(2);
        assertThat(page2.path("events")).extracting(e -> e.path("ts").asLong()).containsExactly(T0 + 12_000, T0 + 11_000);
        assertThat(get("/api/events?offset=-1").statusCode()).isEqualTo(400);

        HttpResponse<byte[]> thumb = getBytes("/api/snapshots/cam1/1/thumb.jpg");
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.body()).hasSize(300);
        assertThat(getBytes("/api/snapshots/cam1/1.jpg").body()).hasSize(2_000);
        assertThat(getBytes("/api/snapshots/cam2/2/thumb.jpg").statusCode()).isEqualTo(404);
        assertThat(getBytes("/api/snapshots/cam1/x.jpg").statusCode()).isEqualTo(400);
    }

    @Test
    void testEventStreamPushesNewRowsWithTheirIds() throws Exception {
        store.write(TestEvents.track("cam1", 1, T0), List.of());
        long last = store.lastEventId();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> sse = http.sendAsync(
                request("/api/events/stream?camera=cam2&after=" + last).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = sse.get(5, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();

        store.write(TestEvents.track("cam1", 2, T0 + 5_000), List.of()); // filtered out
        store.write(TestEvents.track("cam2", 3, T0 + 10_000), List.of());
        List<JsonNode> received = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < 5 && System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l == null) {
                continue;
            }
            if (l.startsWith("data: ")) {
                received.add(MAPPER.readTree(l.substring(6)));
            } else if (l.startsWith("id: ")) {
                ids.add(l.substring(4));
            }
        }
        assertThat(received).extracting(e -> e.path("stream_id").asText()).containsOnly("cam2").hasSize(5);
        assertThat(received).extracting(e -> e.path("kind").asText())
                .containsExactly("object_entered", "zone_entered", "line_crossed", "zone_left", "object_left");
        assertThat(ids).hasSize(5).allSatisfy(id -> assertThat(Long.parseLong(id)).isGreaterThan(last + 5));
        response.body().close();
    }

    @Test
    void testCommandsCheckedByTheParserBeforeWriting() throws Exception {
        HttpResponse<String> ok = post("/api/commands",
                "{\"type\":\"START\",\"stream_id\":\"door\",\"rtsp\":\"rtsp://admin:Sup3rSecretPw@10.0.0.7/live\",\"max_fps\":5,"
                        + "\"conf\":0.4,\"classes\":[0,\"person\"]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("admin:***@10.0.0.7").doesNotContain("Sup3rSecretPw");
        // A pretty-printed command becomes one line; zones drawn on the picture pass the parser's geometry check.
        assertThat(post("/api/commands", "{\n  \"type\": \"UPDATE\",\n  \"stream_id\": \"door\",\n  \"zones\": "
                + "[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}],\n  \"lines\": []\n}").statusCode()).isEqualTo(200);
        assertThat(post("/api/commands", "{\"type\":\"STOP\",\"stream_id\":\"door\"}").statusCode()).isEqualTo(200);
        List<String> written = Files.readAllLines(control);
        assertThat(written).containsExactly(
                "{\"type\":\"START\",\"stream_id\":\"door\",\"rtsp\":\"rtsp://admin:Sup3rSecretPw@10.0.0.7/live\",\"max_fps\":5,"
                        + "\"conf\":0.4,\"classes\":[0,\"person\"]}",
                "{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}],"
                        + "\"lines\":[]}",
                "{\"type\":\"STOP\",\"stream_id\":\"door\"}");

        // The hostile commands of RtspSourceITCase, and more: 400 with the parser's message, nothing written.
        String secret = "Sup3rSecretPw";
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put("this is not json", "not valid JSON");
        hostile.put("{\"type\":\"REBOOT\",\"stream_id\":\"good\"}", "unknown command type 'REBOOT'");
        hostile.put("{\"type\":\"START\",\"rtsp\":\"rtsp://127.0.0.1/x\"}", "no 'stream_id'");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"nourl\"}", "missing camera URL");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"local\",\"rtsp\":\"file:///etc/passwd\"}", "scheme 'file' is not allowed");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"cat\",\"rtsp\":\"concat:/etc/passwd\"}", "no scheme");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"leak2\",\"rtsp\":\"http://admin:" + secret + "@127.0.0.1/x\"}",
                "scheme 'http' is not allowed");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"pipe\",\"rtsp\":\"rtsp://h/x|rm -rf /\"}", "forbidden character");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"nohost\",\"rtsp\":\"rtsp:///x\"}", "no host");
        hostile.put("{\"type\":\"STOP\",\"stream_id\":42}", "'stream_id' must be a string");
        hostile.put("{\"type\":\"STOP\",\"stream_id\":\"../etc\"}", "invalid stream_id");
        hostile.put("{\"type\":\"STOP\"}", "no 'stream_id'");
        hostile.put("[1,2]", "must be a JSON object");
        hostile.put("{\"stream_id\":\"x\"}", "no 'type'");
        hostile.put("{\"type\":\"SHUTDOWN\"}", "SHUTDOWN is not sent from the dashboard");
        hostile.put("{\"type\":\"MODEL\",\"model\":\"big.onnx\"}", "job-wide MODEL switch is not sent from the dashboard");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"max_fps\":-1}", "max_fps must be a number");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"max_fps\":\"abc\"}", "max_fps must be a number");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"conf\":2}", "conf must be a number from 0 to 1");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"classes\":\"x\"}", "classes must be a list");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"priority\":1.5}", "priority must be an integer");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"zones\":[{\"name\":\"z\",\"polygon\":[[0.1,0.5],[1.5,0.5],[0.4,0.9]]}]}",
                "outside the frame");
        hostile.put("{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"lines\":[{\"name\":\"l\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"up\"}]}",
                "'in' must be \"left\" or \"right\"");
        hostile.put("{\"type\":\"START\",\"stream_id\":\"t\",\"rtsp\":\"rtsp://h/x\",\"transport\":\"carrier-pigeon\"}",
                "transport must be tcp or udp");
        hostile.put("{\"type\":\"MODEL\"}", "MODEL needs a 'model'");
        for (Map.Entry<String, String> h : hostile.entrySet()) {
            HttpResponse<String> r = post("/api/commands", h.getKey());
            assertThat(r.statusCode()).as(h.getKey()).isEqualTo(400);
            assertThat(MAPPER.readTree(r.body()).path("error").asText()).as(h.getKey()).contains(h.getValue());
            assertThat(r.body()).doesNotContain(secret);
        }
        // Not JSON by its content type (a cross-site form could send that): refused unread.
        HttpResponse<String> form = http.send(request("/api/commands").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"STOP\",\"stream_id\":\"door\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        // The media type exactly: a prefix is not JSON.
        HttpResponse<String> foo = http.send(request("/api/commands").header("Content-Type", "application/jsonfoo")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"STOP\",\"stream_id\":\"door\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foo.statusCode()).isEqualTo(415);
        assertThat(CommandRoutes.isJson("application/json; charset=utf-8")).isTrue();
        // Duplicate keys and trailing content: refused, as by the job.
        assertThat(post("/api/commands", "{\"type\":\"STOP\",\"stream_id\":\"probe\",\"stream_id\":\"door\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/commands", "{\"type\":\"STOP\",\"stream_id\":\"door\"} {}").statusCode()).isEqualTo(400);
        // Values just under the job's line limit in echoed fields: a short error, quickly (the masking pattern
        // once kept a request thread busy for minutes on a 900 KB id), and the next command still goes through.
        String huge = "a".repeat(1_000_000);
        for (String body : List.of("{\"type\":\"STOP\",\"stream_id\":\"" + huge + "\"}",
                "{\"type\":\"UPDATE\",\"stream_id\":\"door\",\"zones\":[{\"name\":\"" + huge + "\",\"polygon\":[[0,0],[1,0],[1,1]]}]}",
                "{\"type\":\"START\",\"stream_id\":\"door\",\"rtsp\":\"rtsp://u:" + secret + "@" + huge + " x\"}")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post("/api/commands", body);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("dashboard: hostile command of %d characters refused in %d ms%n", body.length(), ms);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).hasSizeLessThan(1000).doesNotContain(secret);
            assertThat(ms).isLessThan(5000);
        }
        // Over the job's 1 MiB line limit.
        assertThat(post("/api/commands", "{\"type\":\"STOP\",\"stream_id\":\"door\",\"x\":\"" + "a".repeat(1_100_000) + "\"}")
                .statusCode()).isIn(400, 413);
        assertThat(Files.readAllLines(control)).hasSize(3);
    }

    @Test
    void testClipFileServedByIdWithByteRanges() throws Exception {
        byte[] bytes = new byte[300_000]; // several of the server's 64 KB copies
        new Random(7).nextBytes(bytes);
        StoredClip clip = writeClip("cam1", "event", T0, T0 + 12_000, bytes, "h264", 1);
        String url = "/api/clips/" + clip.id() + ".mp4";

        HttpResponse<byte[]> whole = getBytes(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Content-Length")).hasValue("300000");
        assertThat(whole.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"cam1_20251125T114300Z_event-" + clip.id() + ".mp4\"");

        // What a browser asks when it seeks: a range from a byte on, or between two.
        HttpResponse<byte[]> middle = getRange(url, "bytes=100000-199999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 100000-199999/300000");
        assertThat(middle.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100_000, 200_000));
        HttpResponse<byte[]> tail = getRange(url, "bytes=299990-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 299990-299999/300000");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 299_990, 300_000));
        assertThat(getRange(url, "bytes=-5").body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 299_995, 300_000));
        HttpResponse<byte[]> past = getRange(url, "bytes=300000-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */300000");

        assertThat(getBytes(url + "?download=1").headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"cam1_"));

        HttpResponse<String> unknown = get("/api/clips/999999.mp4");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no clip 999999 in the store");
        assertThat(get("/api/clips/x.mp4").statusCode()).isEqualTo(400);
        // Retention deleted the file (or someone moved it): 404 saying so, not a 500.
        Files.delete(Path.of(clip.file()));
        HttpResponse<String> gone = get(url);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("the file of clip " + clip.id() + " is gone");
        assertThat(getRange(url, "bytes=0-").statusCode()).isEqualTo(404);
    }

    @Test
    void testCameraClipsNewestFirstPagedAndTheClipsOfAnEvent() throws Exception {
        StoredClip segment = writeClip("cam1", "segment", T0, T0 + 60_000, new byte[600], "h264");
        StoredClip event = writeClip("cam1", "event", T0 + 10_000, T0 + 20_000, new byte[200], "h264", 1);
        StoredClip hevc = writeClip("cam1", "event", T0 + 70_000, T0 + 80_000, new byte[100], "hevc", 2);
        writeClip("cam2", "event", T0 + 10_000, T0 + 20_000, new byte[100], "h264", 1);
        store.write(TestEvents.track("cam1", 1, T0 + 12_000), List.of());

        JsonNode all = json(get("/api/cameras/cam1/clips"));
        assertThat(all.path("clips")).extracting(c -> c.path("id").asLong()).containsExactly(hevc.id(), event.id(), segment.id());
        assertThat(all.path("more").asBoolean()).isFalse();
        JsonNode first = all.path("clips").get(0);
        assertThat(first.path("codec").asText()).isEqualTo("hevc");
        assertThat(first.path("plays_in_browser").asBoolean()).isFalse();
        assertThat(first.path("present").asBoolean()).isTrue();
        assertThat(first.path("kind").asText()).isEqualTo("event");
        assertThat(first.path("start_ms").asLong()).isEqualTo(T0 + 70_000);
        assertThat(first.path("duration_ms").asLong()).isEqualTo(10_000);
        assertThat(first.path("size_bytes").asLong()).isEqualTo(100);
        assertThat(first.path("track_ids").toString()).isEqualTo("[2]");
        assertThat(first.path("url").asText()).isEqualTo("/api/clips/" + hevc.id() + ".mp4");
        assertThat(all.path("clips").get(1).path("plays_in_browser").asBoolean()).isTrue();
        // The server's paths stay on the server.
        assertThat(all.toString()).doesNotContain(dir.toString());

        JsonNode page = json(get("/api/cameras/cam1/clips?limit=2"));
        assertThat(page.path("clips")).hasSize(2);
        assertThat(page.path("more").asBoolean()).isTrue();
        assertThat(json(get("/api/cameras/cam1/clips?limit=2&offset=2")).path("clips")).extracting(c -> c.path("id").asLong())
                .containsExactly(segment.id());
        assertThat(json(get("/api/cameras/cam1/clips?kind=segment")).path("clips")).extracting(c -> c.path("id").asLong())
                .containsExactly(segment.id());
        assertThat(json(get("/api/cameras/nope/clips")).path("clips")).isEmpty();
        assertThat(get("/api/cameras/cam1/clips?kind=film").statusCode()).isEqualTo(400);
        assertThat(get("/api/cameras/cam1/clips?limit=0").statusCode()).isEqualTo(400);

        // The track entered at T0 + 12 s: its event clip first, then the segment; not cam2's, not the later one.
        long entered = store.findRows(io.streamyolo.store.EventQuery.builder().stream("cam1").kind("object_entered").build())
                .get(0).id();
        JsonNode covering = json(get("/api/events/" + entered + "/clips"));
        assertThat(covering.path("event").path("kind").asText()).isEqualTo("object_entered");
        assertThat(covering.path("event").path("id").asLong()).isEqualTo(entered);
        assertThat(covering.path("clips")).extracting(c -> c.path("id").asLong()).containsExactly(event.id(), segment.id());
        assertThat(get("/api/events/999999/clips").statusCode()).isEqualTo(404);
        assertThat(get("/api/events/x/clips").statusCode()).isEqualTo(400);

        Files.delete(Path.of(segment.file()));
        assertThat(json(get("/api/events/" + entered + "/clips")).path("clips").get(1).path("present").asBoolean()).isFalse();
    }

    @Test
    void testPagesServedWithAPolicyThatForbidsOtherOrigins() throws Exception {
        for (String page : List.of("/", "/camera.html?id=cam1", "/events.html", "/event.html?id=1", "/login.html")) {
            HttpResponse<String> r = get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(page)
                    .hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'").contains("script-src 'self'"));
            // Nothing from elsewhere: no scheme-qualified or protocol-relative src/href.
            assertThat(r.body()).as(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
        }
        for (String asset : List.of("/common.js", "/cameras.js", "/camera.js", "/events.js", "/event.js", "/login.js", "/style.css")) {
            HttpResponse<String> r = get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).doesNotContain("http://").doesNotContain("https://").doesNotContain("@import");
        }
        JsonNode config = json(get("/api/config"));
        assertThat(config.path("flink_ui").asText()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.path("auth").asBoolean()).isFalse();
    }

    @Test
    void testForeignHostAndCrossSiteWritesRefused() throws Exception {
        // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host.
        assertThat(rawStatus("GET /api/cameras HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\nConnection: close\r\n\r\n"))
                .isEqualTo(403);
        assertThat(rawStatus("GET /api/cameras HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n"))
                .isEqualTo(200);
        String body = "{\"type\":\"STOP\",\"stream_id\":\"door\"}";
        assertThat(rawStatus("POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body))
                .isEqualTo(403);
        assertThat(rawStatus("POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nOrigin: http://127.0.0.1:"
                + server.port() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body)).isEqualTo(200);
        assertThat(Files.readAllLines(control)).containsExactly(body);
    }

    // ------------------------------------------------------------------------------------------

    record Frame(JsonNode meta, byte[] jpeg) {}

    static Frame frame(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        ByteBuffer b = ByteBuffer.wrap(r.body());
        int n = b.getInt();
        JsonNode meta = MAPPER.readTree(new String(r.body(), 4, n, StandardCharsets.UTF_8));
        byte[] jpeg = new byte[r.body().length - 4 - n];
        System.arraycopy(r.body(), 4 + n, jpeg, 0, jpeg.length);
        return new Frame(meta, jpeg);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> getRange(String path, String range) throws Exception {
        return http.send(request(path).header("Range", range).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A clip as the job records it: its file under the test's directory, registered in the store. */
    StoredClip writeClip(String stream, String kind, long start, long end, byte[] content, String codec, long... tracks)
            throws Exception {
        Path file = dir.resolve("recordings").resolve(stream).resolve(kind + "-" + start + "-" + codec + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return TestClips.register(store, file, stream, kind, start, end, codec, tracks);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    /** The status of a hand-written request (the JDK client does not let a test set Host). */
    int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
