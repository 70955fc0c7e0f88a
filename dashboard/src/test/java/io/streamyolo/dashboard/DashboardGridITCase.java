package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.dashboard.testutils.Browsers;
import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.Preview;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A grid of 24 cameras in Chromium, with each tile polling for its own pictures (the page as it
 * was, {@code ?stream=off}) and then with the page's one WebSocket, in one run: how long the page
 * waits for API answers while the tiles run, and how many pictures each tile shows per second.
 * The cameras' pictures (40-60 KB JPEGs) are written to the store 3 times a second each, the
 * rate the job sends of a watched camera ({@code --watched-fps}); four more cameras are in error,
 * with an old picture and no new ones (a tile whose long poll waits its full 2 s for nothing).
 */
class DashboardGridITCase {

    static final int CAMERAS = Integer.getInteger("dashboard.grid.cameras", 24);
    static final int IN_ERROR = Integer.getInteger("dashboard.grid.in-error", 4);
    static final int PICTURES_PER_SECOND = 3;
    static final long WINDOW_MS = 15_000;

    @TempDir
    Path dir;

    @Test
    void testOneStreamPerPageKeepsTheApiFastWithManyTiles() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        List<String> cams = IntStream.rangeClosed(1, CAMERAS - IN_ERROR).mapToObj(i -> "cam" + i).toList();
        try (EventStore store = EventStore.open(storeUrl)) {
            long now = System.currentTimeMillis();
            for (int i = CAMERAS - IN_ERROR + 1; i <= CAMERAS; i++) {
                store.write(List.of(), List.of(), List.of(TestCameras.preview("cam" + i, now - 60_000, 1, TestCameras.noisyJpeg("cam" + i, 1))),
                        List.of(TestCameras.state("cam" + i, now, CameraState.ERROR, "connection refused")));
            }
        }
        Map<String, List<byte[]>> jpegs = new HashMap<>();
        for (String cam : cams) {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                frames.add(TestCameras.noisyJpeg(cam, i));
            }
            jpegs.put(cam, frames);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (EventStore store = EventStore.open(storeUrl)) {
                for (long seq = 0; writing.get(); seq++) {
                    long now = System.currentTimeMillis();
                    List<Preview> previews = new ArrayList<>();
                    List<CameraState> states = new ArrayList<>();
                    for (String cam : cams) {
                        previews.add(TestCameras.preview(cam, now, seq, jpegs.get(cam).get((int) (seq % 10))));
                        if (seq % PICTURES_PER_SECOND == 0) {
                            states.add(TestCameras.live(cam, now));
                        }
                    }
                    for (int i = CAMERAS - IN_ERROR + 1; seq % PICTURES_PER_SECOND == 0 && i <= CAMERAS; i++) {
                        states.add(TestCameras.state("cam" + i, now, CameraState.ERROR, "connection refused"));
                    }
                    store.write(List.of(), List.of(), previews, states);
                    Thread.sleep(Math.max(0, 1000 / PICTURES_PER_SECOND - (System.currentTimeMillis() - now)));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "picture-writer");
        writer.start();
        ChromeDriver browser = null;
        try (DashboardServer server = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", dir.resolve("commands.jsonl").toString(), "--port", "0"
        }, Map.of()))) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            browser = Browsers.chromium();
            Figures before = measure(browser, base + "?stream=off", cams);
            Figures after = measure(browser, base, cams);
            System.out.printf("Cameras page with %d cameras (%d written at %d pictures/s each, %d in error), one Chromium, %d s each:%n",
                    CAMERAS, cams.size(), PICTURES_PER_SECOND, IN_ERROR, WINDOW_MS / 1000);
            System.out.println("  a long poll per tile: " + before);
            System.out.println("  one WebSocket:        " + after);
            // The goal is under 200 ms. How much sooner than with a long poll per tile is printed
            // above, not asserted: on a shared 2-core machine with builds beside it the two windows
            // see different loads (measured in one such run: median 45 against 136 ms, but p95 554
            // against 356 ms), and a ratio of timings is a benchmark's figure, not a test's outcome.
            assertThat(after.apiMedian).as("API answer median (ms) with one WebSocket").isLessThan(200);
            assertThat(after.minFps).as("slowest tile's pictures per second with one WebSocket").isGreaterThanOrEqualTo(2.0);
            assertThat(after.socketUp).as("the page's WebSocket is up").isTrue();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            writing.set(false);
            writer.join(10_000);
        }
    }

    @Test
    void testPageReconnectsWhenTheServerComesBack() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {"--store", storeUrl, "--control-file", dir.resolve("commands.jsonl").toString(), "--port", Integer.toString(port)};
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (EventStore store = EventStore.open(storeUrl)) {
                for (long seq = 0; writing.get(); seq++) {
                    long now = System.currentTimeMillis();
                    store.write(List.of(), List.of(), List.of(TestCameras.preview("back1", now, seq)), List.of(TestCameras.live("back1", now)));
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "picture-writer");
        writer.start();
        ChromeDriver browser = Browsers.chromium();
        DashboardServer server = DashboardServer.start(DashboardOptions.parse(args, Map.of()));
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            awaitTrue(browser, "return window.streamyoloGrid().up && (window.streamyoloStats().back1 || {frames: 0}).frames > 3", "pictures");
            server.close();
            // Down for a while: the page says so, and after three failed connections the tile polls by itself.
            awaitTrue(browser, "return document.getElementById('stream-state').textContent === 'reconnecting…'"
                    + " && window.streamyoloGrid().tilesPoll", "the page notices");
            server = DashboardServer.start(DashboardOptions.parse(args, Map.of()));
            awaitTrue(browser, "return window.streamyoloGrid().up && !window.streamyoloGrid().tilesPoll", "the socket back");
            double frames = framesOf(browser, List.of("back1")).get("back1");
            awaitTrue(browser, "return window.streamyoloStats().back1.frames > " + (frames + 5), "pictures over the socket again");
            assertThat(browser.findElement(org.openqa.selenium.By.id("stream-state")).getText()).isEmpty();
        } finally {
            browser.quit();
            server.close();
            writing.set(false);
            writer.join(10_000);
        }
    }

    private static void awaitTrue(ChromeDriver browser, String script, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(script))) {
                    return;
                }
            } catch (RuntimeException e) {
                // loading: look again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Timed out after 20 s waiting for: " + what);
    }

    /** API answer times (ms, sorted) and pictures per second of the slowest and the median tile. */
    record Figures(List<Double> api, double apiMedian, double apiP95, double apiMax, double minFps, double medianFps, boolean socketUp) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "API answers median %.0f ms, p95 %.0f ms, max %.0f ms (%d requests);"
                    + " tiles %.2f pictures/s (slowest), %.2f (median)", apiMedian, apiP95, apiMax, api.size(), minFps, medianFps);
        }
    }

    @SuppressWarnings("unchecked")
    private static Figures measure(ChromeDriver browser, String url, List<String> cams) throws Exception {
        browser.get(url);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && framesOf(browser, cams).values().stream().anyMatch(f -> f < 3)) {
            Thread.sleep(200);
        }
        Thread.sleep(3_000); // warm up: every tile running
        Map<String, Double> f0 = framesOf(browser, cams);
        long t0 = System.nanoTime();
        // The page asks the API four times a second, as a form or the events filter would, and times each answer.
        List<Number> times = (List<Number>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const until = Date.now() + arguments[0]; const times = [];"
                        + "(async () => { const paths = ['/api/cameras', '/api/config', '/api/events?limit=20'];"
                        + "  for (let i = 0; Date.now() < until; i++) {"
                        + "    const t = performance.now();"
                        + "    const r = await fetch(paths[i % 3], { cache: 'no-store' }); await r.text();"
                        + "    times.push(performance.now() - t);"
                        + "    await new Promise(ok => setTimeout(ok, 250)); }"
                        + "  done(times); })();", WINDOW_MS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> f1 = framesOf(browser, cams);
        List<Double> fps = new ArrayList<>();
        for (String cam : cams) {
            fps.add((f1.get(cam) - f0.get(cam)) / seconds);
        }
        Collections.sort(fps);
        List<Double> api = new ArrayList<>(times.stream().map(Number::doubleValue).toList());
        Collections.sort(api);
        Object grid = ((JavascriptExecutor) browser).executeScript("return window.streamyoloGrid ? window.streamyoloGrid().up : false");
        return new Figures(api, api.get(api.size() / 2), api.get(Math.min(api.size() - 1, (int) (api.size() * 0.95))),
                api.get(api.size() - 1), fps.get(0), fps.get(fps.size() / 2), Boolean.TRUE.equals(grid));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> framesOf(ChromeDriver browser, List<String> cams) {
        Map<String, Map<String, Object>> stats = (Map<String, Map<String, Object>>) ((JavascriptExecutor) browser)
                .executeScript("return window.streamyoloStats ? window.streamyoloStats() : {}");
        Map<String, Double> frames = new HashMap<>();
        for (String cam : cams) {
            Map<String, Object> s = stats.get(cam);
            frames.put(cam, s != null && s.get("frames") instanceof Number n ? n.doubleValue() : 0.0);
        }
        return frames;
    }
}
