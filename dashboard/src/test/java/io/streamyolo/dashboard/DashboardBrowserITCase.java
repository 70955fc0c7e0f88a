package io.streamyolo.dashboard;

import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.dashboard.testutils.Browsers;
import io.streamyolo.job.DetectionJob;
import io.streamyolo.job.JobOptions;
import io.streamyolo.job.sink.EventStoreSinks;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real browser (Debian's Chromium, through Selenium) against the whole job on
 * a MiniCluster: cameras are generated scenes served by the real RTSP server, results go to an
 * SQLite store, and the dashboard reads it and writes commands to the job's control file. The
 * tests run in order on one job: the grid, the events timeline, drawing a zone and a line, adding
 * a camera, stopping it, a refused URL, and last the figures (picture delay, pictures per second
 * per tile, the server's CPU and memory) with two browsers on a separate dashboard process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final int FPS = 15;
    private static final int FRAMES = 600;
    private static final double PREVIEW_FPS = 4;
    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3");

    @TempDir
    static Path dir;

    RtspTestEnv rtsp;
    JobClient job;
    DashboardServer dashboard;
    ChromeDriver browser;
    EventStore store;
    Path control;
    String storeUrl;
    String base;

    @BeforeAll
    void startJobDashboardAndBrowser() throws Exception {
        List<String> mounts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Path video = SceneVideo.write(TrackingScene.standard(100 + i, 640, 360, FRAMES, FPS), Path.of("target/test-videos"));
            mounts.add("scene" + i + "=file:" + video.toAbsolutePath());
        }
        rtsp = new RtspTestEnv(mounts.toArray(String[]::new)).start();
        control = dir.resolve("commands.jsonl");
        storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        JobOptions options = JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
            "--summary-interval-s", "0", "--store", storeUrl, "--checkpoint-interval-ms", "2000",
            "--preview-fps", Double.toString(PREVIEW_FPS)
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(2000);
        var results = DetectionJob.build(env, options);
        results.sinkTo(new DiscardingSink<>());
        EventStoreSinks.attach(results, storeUrl, 0);
        job = env.executeAsync("dashboard-browser-test");
        for (int i = 0; i < CAMERAS.size(); i++) {
            append(control, "{\"type\":\"START\",\"stream_id\":\"" + CAMERAS.get(i) + "\",\"rtsp\":\"" + rtsp.url("scene" + (i + 1))
                    + "\",\"max_fps\":5}");
        }
        store = EventStore.open(storeUrl);
        dashboard = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", control.toString(), "--port", "0"
        }, Map.of()));
        base = "http://127.0.0.1:" + dashboard.port();
        browser = Browsers.chromium();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (job != null) {
            append(control, "{\"type\":\"SHUTDOWN\"}");
            try {
                job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        if (store != null) {
            store.close();
        }
        if (rtsp != null) {
            rtsp.close();
        }
    }

    @Test
    @Order(1)
    void testGridShowsEveryCameraWithChangingPicturesAndBoxes() throws Exception {
        browser.get(base + "/");
        for (String cam : CAMERAS) {
            await(Duration.ofSeconds(90), () -> tileStats(cam).map(s -> num(s, "frames") >= 5 && num(s, "max_boxes") >= 1).orElse(false),
                    cam + " shows pictures with boxes");
        }
        // The pictures change: the canvas pixels differ a little later, for every tile.
        Map<String, Long> before = new java.util.HashMap<>();
        for (String cam : CAMERAS) {
            before.put(cam, canvasHash("[data-stream='" + cam + "'] canvas"));
        }
        for (String cam : CAMERAS) {
            await(Duration.ofSeconds(15), () -> canvasHash("[data-stream='" + cam + "'] canvas") != before.get(cam),
                    cam + "'s picture changes");
            WebElement tile = browser.findElement(By.cssSelector("[data-stream='" + cam + "']"));
            assertThat(tile.findElement(By.cssSelector(".state")).getText()).isEqualToIgnoringCase("live");
            assertThat(tile.findElement(By.cssSelector(".stats")).getText()).contains("fps").contains("dropped").contains("object");
        }
        // A screenshot with boxes on the pictures, for the README.
        awaitQuietly(Duration.ofSeconds(30), () -> CAMERAS.stream().mapToDouble(c -> tileStats(c).map(s -> num(s, "boxes")).orElse(0.0))
                .filter(b -> b > 0).count() >= 2);
        Path png = Path.of("target/dashboard.png");
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        Path docs = Path.of("..", "docs");
        Files.createDirectories(docs);
        Files.copy(png, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Screenshot of the cameras page: " + png.toAbsolutePath());
        printTileFigures("one browser, in-process dashboard", List.of(browser), Duration.ofSeconds(10));
    }

    @Test
    @Order(2)
    void testNewEventAppearsWithItsThumbnail() throws Exception {
        browser.get(base + "/events.html?camera=cam2");
        await(Duration.ofSeconds(30), () -> !browser.findElements(By.cssSelector("#events tbody tr[data-id]")).isEmpty(),
                "the events table fills");
        // An object that enters after the page loaded: its row comes by server-sent events.
        await(Duration.ofSeconds(90), () -> !browser.findElements(By.cssSelector("#events tr.new[data-kind='object_entered']")).isEmpty(),
                "a new object_entered row arrives without a reload");
        WebElement row = browser.findElements(By.cssSelector("#events tr.new[data-kind='object_entered']")).get(0);
        assertThat(row.getAttribute("data-stream")).isEqualTo("cam2");
        WebElement thumb = row.findElement(By.cssSelector("img.thumb"));
        await(Duration.ofSeconds(15), () -> imageWidth(thumb) > 0, "the row's thumbnail loads");
        thumb.click();
        WebElement full = browser.findElement(By.id("snapshot-full"));
        await(Duration.ofSeconds(10), () -> imageWidth(full) == 640, "the full snapshot opens");
        assertThat(browser.findElement(By.id("snapshot-dialog")).getAttribute("open")).isNotNull();
        Files.write(Path.of("target/dashboard-snapshot.png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.findElement(By.cssSelector("#snapshot-dialog button")).click();
        Files.write(Path.of("target/dashboard-events.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(3)
    void testZoneAndLineDrawnOnThePictureGiveTheirEvents() throws Exception {
        browser.get(base + "/camera.html?id=cam1");
        WebElement canvas = browser.findElement(By.id("view"));
        await(Duration.ofSeconds(30), () -> canvas.getAttribute("data-frame-seq") != null, "the large view shows a picture");

        // A band around the middle, where every object of the scene passes.
        browser.findElement(By.id("draw-zone")).click();
        clickAt(canvas, 0.40, 0.02);
        clickAt(canvas, 0.60, 0.02);
        clickAt(canvas, 0.60, 0.98);
        clickAt(canvas, 0.40, 0.98);
        clickAt(canvas, 0.40, 0.02); // the first corner again closes it
        setText(By.id("draw-name"), "drawn");
        browser.findElement(By.id("draw-save")).click();
        await(Duration.ofSeconds(10), () -> !browser.findElement(By.id("draw-ok")).getText().isEmpty(), "the zone is sent");

        // Then a line down the middle (a at the top, b at the bottom; in = left of a→b = the right half).
        browser.findElement(By.id("draw-line")).click();
        clickAt(canvas, 0.5, 0.03);
        clickAt(canvas, 0.5, 0.97);
        setText(By.id("draw-name"), "middle");
        browser.findElement(By.id("draw-save")).click();
        await(Duration.ofSeconds(10), () -> browser.findElement(By.id("draw-ok")).getText().contains("middle"), "the line is sent");

        // Both UPDATEs passed the parser; the second kept the zone of the first.
        List<String> lines = userCommands();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("{\"type\":\"UPDATE\",\"stream_id\":\"cam1\",\"zones\":[{\"name\":\"drawn\",\"polygon\":[[")
                .contains("\"lines\":[{\"name\":\"middle\",\"a\":[").contains("\"in\":\"left\"");
        // The job took them: the camera's state has them, the page lists them, and objects produce events.
        await(Duration.ofSeconds(20), () -> camera("cam1").map(c -> c.zones().contains("\"drawn\"") && c.lines().contains("\"middle\""))
                .orElse(false), "the job reports the zone and the line");
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#zones tr[data-zone='drawn']")).isEmpty()
                && !browser.findElements(By.cssSelector("#lines tr[data-line='middle']")).isEmpty(), "the page lists them");
        await(Duration.ofSeconds(90), () -> !find(EventQuery.builder().stream("cam1").zone("drawn").kind(StoredEvent.ZONE_ENTERED)).isEmpty(),
                "zone_entered events of the drawn zone");
        await(Duration.ofSeconds(60), () -> !find(EventQuery.builder().stream("cam1").line("middle")).isEmpty(),
                "line_crossed events of the drawn line");
        Files.write(Path.of("target/dashboard-camera.png"), browser.getScreenshotAs(OutputType.BYTES));
        StoredEvent crossed = find(EventQuery.builder().stream("cam1").line("middle")).get(0);
        System.out.println("Drawn zone and line: " + find(EventQuery.builder().stream("cam1").zone("drawn")).size() + " zone events, "
                + find(EventQuery.builder().stream("cam1").line("middle")).size() + " crossings, e.g. " + crossed.toJson());
    }

    @Test
    @Order(4)
    void testCameraAddedFromTheFormShowsPictures() throws Exception {
        browser.get(base + "/");
        browser.findElement(By.id("add-toggle")).click();
        setText(By.id("add-id"), "cam4");
        setText(By.id("add-url"), rtsp.url("scene4"));
        setText(By.id("add-fps"), "5");
        browser.findElement(By.id("add-submit")).click();
        await(Duration.ofSeconds(10), () -> browser.findElement(By.id("add-ok")).getText().contains("cam4"), "the START is sent");
        assertThat(browser.findElement(By.id("add-error")).getText()).isEmpty();
        await(Duration.ofSeconds(60), () -> tileStats("cam4").map(s -> num(s, "frames") >= 3).orElse(false),
                "cam4's tile shows pictures");
        long seq = (long) num(tileStats("cam4").orElseThrow(), "last_seq");
        await(Duration.ofSeconds(10), () -> num(tileStats("cam4").orElseThrow(), "last_seq") > seq, "cam4's pictures go on");
    }

    @Test
    @Order(5)
    void testStopFromThePageStopsTheCamera() throws Exception {
        browser.get(base + "/camera.html?id=cam4");
        WebElement state = browser.findElement(By.id("cam-state"));
        await(Duration.ofSeconds(20), () -> state.getText().equalsIgnoreCase("live"), "cam4 is live");
        WebElement stop = browser.findElement(By.id("stop"));
        stop.click(); // arms the button
        stop.click(); // sends STOP
        await(Duration.ofSeconds(10), () -> !browser.findElement(By.id("stop-ok")).getText().isEmpty(), "the STOP is sent");
        await(Duration.ofSeconds(20), () -> state.getText().equalsIgnoreCase("stopped"), "the page shows cam4 stopped");
        assertThat(camera("cam4").orElseThrow().state()).isEqualTo(CameraState.STOPPED);
        long ts = store.preview("cam4").orElseThrow().ts();
        Thread.sleep(3_000);
        assertThat(store.preview("cam4").orElseThrow().ts()).as("no picture after the stop").isEqualTo(ts);
        browser.get(base + "/");
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("[data-stream='cam4'].stopped")).isEmpty(),
                "the grid shows cam4 stopped");
    }

    @Test
    @Order(6)
    void testInvalidUrlShowsTheParsersMessageAndSendsNothing() throws Exception {
        browser.get(base + "/");
        browser.findElement(By.id("add-toggle")).click();
        int before = userCommands().size();
        String[][] cases = {
            {"file:///etc/passwd", "camera URL scheme 'file' is not allowed"},
            {"concat:/etc/passwd", "camera URL has no scheme"},
            {"http://admin:Sup3rSecretPw@10.0.0.1/x", "scheme 'http' is not allowed"},
        };
        for (String[] c : cases) {
            setText(By.id("add-id"), "bad");
            setText(By.id("add-url"), c[0]);
            browser.findElement(By.id("add-submit")).click();
            WebElement error = browser.findElement(By.id("add-error"));
            await(Duration.ofSeconds(10), () -> error.getText().contains(c[1]), "the form shows: " + c[1]);
            assertThat(error.getText()).doesNotContain("Sup3rSecretPw");
        }
        setText(By.id("add-id"), "bad id!");
        setText(By.id("add-url"), rtsp.url("scene1"));
        browser.findElement(By.id("add-submit")).click();
        await(Duration.ofSeconds(10), () -> browser.findElement(By.id("add-error")).getText().contains("invalid stream_id"),
                "the form shows the id rule");
        assertThat(userCommands()).as("nothing written").hasSize(before);
        assertThat(Files.readString(Path.of("target/test-logs/dashboard-tests.log"))).doesNotContain("Sup3rSecretPw");
    }

    /**
     * Picture delay and pictures per second per tile with three live cameras and two browsers,
     * and the CPU and memory of the dashboard, run here as its own process by bin/dashboard.
     */
    @Test
    @Order(7)
    void testFiguresWithTwoBrowsersOnADashboardProcess() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path script = Path.of("..", "bin", "dashboard").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(script.toString(), "--store", storeUrl, "--control-file", control.toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dashboard-process.log").toFile())
                .start();
        ChromeDriver second = null;
        try {
            String url = "http://127.0.0.1:" + port;
            await(Duration.ofSeconds(60), () -> status(url + "/api/config") == 200, "bin/dashboard answers");
            second = Browsers.chromium();
            browser.get(url + "/");
            second.get(url + "/");
            for (ChromeDriver b : List.of(browser, second)) {
                for (String cam : CAMERAS) {
                    await(Duration.ofSeconds(30), () -> tileStats(b, cam).map(s -> num(s, "frames") >= 2).orElse(false), cam + " shows");
                }
            }
            Duration cpu0 = process.toHandle().info().totalCpuDuration().orElseThrow();
            long t0 = System.nanoTime();
            Map<String, double[]> figures = printTileFigures("two browsers, bin/dashboard process", List.of(browser, second),
                    Duration.ofSeconds(30));
            Duration cpu = process.toHandle().info().totalCpuDuration().orElseThrow().minus(cpu0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rssKb = rssKb(process.pid());
            System.out.printf("dashboard process: CPU %.1f%% of one core over %.0f s (%d ms), resident memory %d MB%n",
                    100.0 * cpu.toMillis() / 1000 / seconds, seconds, cpu.toMillis(), rssKb / 1024);
            // The job's pace depends on the machine (here 2 cores shared with everything); what the
            // dashboard must do is show the pictures the store gets, soon after it gets them.
            for (Map.Entry<String, double[]> f : figures.entrySet()) {
                assertThat(f.getValue()[2]).as(f.getKey() + ": pictures shown per picture stored").isGreaterThan(0.75);
                assertThat(f.getValue()[3]).as(f.getKey() + ": median ms from stored to drawn").isLessThan(1_000);
            }
            assertThat(Files.readString(dir.resolve("dashboard-process.log"))).contains("Dashboard: http://127.0.0.1:" + port);
        } finally {
            if (second != null) {
                second.quit();
            }
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Over {@code window}: each browser's tiles' pictures per second, and the delay from capture
     * to the picture being drawn (median, 95th percentile). Returns {fps, median} by browser/camera.
     */
    private Map<String, double[]> printTileFigures(String what, List<ChromeDriver> browsers, Duration window) throws Exception {
        List<Map<String, Map<String, Object>>> start = new ArrayList<>();
        for (ChromeDriver b : browsers) {
            start.add(allStats(b));
        }
        // Meanwhile, when each new picture reaches the store: capture -> stored (the job's part).
        List<Long> stored = new ArrayList<>();
        Map<String, Integer> storedPerCamera = new java.util.HashMap<>();
        Map<String, Long> seen = new java.util.HashMap<>(store.previewTimes());
        long until = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < until) {
            long now = System.currentTimeMillis();
            for (Map.Entry<String, Long> e : store.previewTimes().entrySet()) {
                if (CAMERAS.contains(e.getKey()) && !e.getValue().equals(seen.put(e.getKey(), e.getValue()))) {
                    stored.add(now - e.getValue());
                    storedPerCamera.merge(e.getKey(), 1, Integer::sum);
                }
            }
            Thread.sleep(20);
        }
        Collections.sort(stored);
        Map<String, double[]> figures = new java.util.TreeMap<>();
        System.out.println("Live pictures, " + what + ", over " + window.toSeconds() + " s (job: --preview-fps " + PREVIEW_FPS
                + ", cameras at max_fps 5):");
        if (!stored.isEmpty()) {
            System.out.printf("  capture->stored (job and sink): median %d ms, p95 %d ms (%d pictures)%n", stored.get(stored.size() / 2),
                    stored.get(Math.min(stored.size() - 1, (int) (stored.size() * 0.95))), stored.size());
        }
        for (String cam : CAMERAS) {
            camera(cam).ifPresent(c -> System.out.printf("  %s: the job reports %s detected fps, %s dropped%n", cam, c.fps(), c.dropped()));
        }
        for (int i = 0; i < browsers.size(); i++) {
            Map<String, Map<String, Object>> end = allStats(browsers.get(i));
            for (String cam : CAMERAS) {
                Map<String, Object> s0 = start.get(i).get(cam);
                Map<String, Object> s1 = end.get(cam);
                double frames = num(s1, "frames") - num(s0, "frames");
                @SuppressWarnings("unchecked")
                List<Number> all = (List<Number>) s1.get("delays");
                List<Double> delays = new ArrayList<>();
                for (Number n : all.subList(Math.max(0, all.size() - (int) frames), all.size())) {
                    delays.add(n.doubleValue());
                }
                Collections.sort(delays);
                double median = delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2);
                double p95 = delays.isEmpty() ? Double.NaN : delays.get(Math.min(delays.size() - 1, (int) (delays.size() * 0.95)));
                double fps = frames / window.toMillis() * 1000;
                System.out.printf("  browser %d %s: %.2f pictures/s, delay capture->drawn median %.0f ms, p95 %.0f ms (%d pictures)%n",
                        i + 1, cam, fps, median, p95, (int) frames);
                double storedMedian = stored.isEmpty() ? Double.NaN : stored.get(stored.size() / 2);
                figures.put("browser " + (i + 1) + " " + cam,
                        new double[] {fps, median, frames / Math.max(1, storedPerCamera.getOrDefault(cam, 0)), median - storedMedian});
            }
        }
        return figures;
    }

    private Optional<Map<String, Object>> tileStats(String cam) {
        return tileStats(browser, cam);
    }

    private static Optional<Map<String, Object>> tileStats(ChromeDriver b, String cam) {
        return Optional.ofNullable(allStats(b).get(cam));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> allStats(ChromeDriver b) {
        Object stats = ((JavascriptExecutor) b).executeScript("return window.streamyoloStats ? window.streamyoloStats() : {}");
        return stats instanceof Map ? (Map<String, Map<String, Object>>) stats : Map.of();
    }

    private static double num(Map<String, Object> stats, String key) {
        Object v = stats.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private long canvasHash(String css) {
        Object h = browser.executeScript("const c = document.querySelector(arguments[0]);"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let h = 0; for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) | 0; return h;", css);
        return ((Number) h).longValue();
    }

    private long imageWidth(WebElement img) {
        Object w = browser.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", img);
        return ((Number) w).longValue();
    }

    /** Clicks a point of the canvas given relative to the picture (0..1). */
    private void clickAt(WebElement canvas, double x, double y) {
        var rect = canvas.getRect();
        int dx = (int) Math.round((x - 0.5) * rect.getWidth());
        int dy = (int) Math.round((y - 0.5) * rect.getHeight());
        new Actions(browser).moveToElement(canvas, dx, dy).click().perform();
    }

    private void setText(By by, String text) {
        WebElement e = browser.findElement(by);
        e.clear();
        e.sendKeys(text);
    }

    private Optional<CameraState> camera(String id) {
        try {
            return store.cameras().stream().filter(c -> c.streamId().equals(id)).findFirst();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StoredEvent> find(EventQuery.Builder q) {
        try {
            return store.find(q.limit(1000).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        if (!awaitQuietly(timeout, condition)) {
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
        }
    }

    private static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // A page in the middle of loading: look again.
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The control file's lines but the picture-rate UPDATEs that the dashboard sends by itself. */
    private List<String> userCommands() throws java.io.IOException {
        return Files.readAllLines(control).stream().filter(l -> !l.contains("\"preview_fps\"")).toList();
    }
}
