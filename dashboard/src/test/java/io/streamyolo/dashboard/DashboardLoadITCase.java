package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.dashboard.testutils.Browsers;
import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.Preview;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard's own cost and speed, without a job competing for the CPU: three cameras (or more) whose
 * pictures (40-60 KB JPEGs) are written to the store 5 times a second each, as the job's sink
 * writes them, and two browsers on the cameras page of a dashboard run by {@code bin/dashboard}
 * as its own process. Measures pictures per second per tile, the delay from a picture's capture
 * time (here: when it was written) to its being drawn, and the server's CPU and memory.
 */
class DashboardLoadITCase {

    /** Three by default; {@code -Ddashboard.load.cameras=8} for the eight-camera figure. */
    static final List<String> CAMERAS = java.util.stream.IntStream.rangeClosed(1, Integer.getInteger("dashboard.load.cameras", 3))
            .mapToObj(i -> "cam" + i).toList();
    static final int PICTURES_PER_SECOND = 5;
    static final Duration WINDOW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void testCamerasWithTwoBrowsers() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        Map<String, List<byte[]>> jpegs = new java.util.HashMap<>();
        for (String cam : CAMERAS) {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                frames.add(TestCameras.noisyJpeg(cam, i));
            }
            jpegs.put(cam, frames);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (EventStore store = EventStore.open(storeUrl)) {
                for (long seq = 0; writing.get(); seq++) {
                    long now = System.currentTimeMillis();
                    List<Preview> previews = new ArrayList<>();
                    List<CameraState> states = new ArrayList<>();
                    for (String cam : CAMERAS) {
                        previews.add(TestCameras.preview(cam, now, seq, jpegs.get(cam).get((int) (seq % 50))));
                        if (seq % (2L * PICTURES_PER_SECOND) == 0) {
                            states.add(TestCameras.live(cam, now));
                        }
                    }
                    store.write(List.of(), List.of(), previews, states);
                    written.incrementAndGet();
                    Thread.sleep(Math.max(0, 1000 / PICTURES_PER_SECOND - (System.currentTimeMillis() - now)));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "picture-writer");
        writer.start();

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of("..", "bin", "dashboard").toAbsolutePath().normalize().toString(),
                "--store", storeUrl, "--control-file", dir.resolve("commands.jsonl").toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("dashboard.log").toFile()).start();
        List<ChromeDriver> browsers = new ArrayList<>();
        try {
            String url = "http://127.0.0.1:" + port + "/";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (status(url) != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            for (int i = 0; i < 2; i++) {
                ChromeDriver b = Browsers.chromium();
                browsers.add(b);
                b.get(url);
            }
            Thread.sleep(5_000); // warm up: pages loaded, loops running, JIT
            List<Map<String, Map<String, Object>>> start = new ArrayList<>();
            for (ChromeDriver b : browsers) {
                start.add(stats(b));
            }
            Duration cpu0 = process.toHandle().info().totalCpuDuration().orElseThrow();
            long writes0 = written.get();
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Duration cpu = process.toHandle().info().totalCpuDuration().orElseThrow().minus(cpu0);
            double storedPerSecond = (written.get() - writes0) / seconds;
            System.out.printf("Dashboard load: %d cameras written at %.1f pictures/s each, %d browsers, %.0f s:%n",
                    CAMERAS.size(), storedPerSecond, browsers.size(), seconds);
            List<Double> allDelays = new ArrayList<>();
            for (int i = 0; i < browsers.size(); i++) {
                Map<String, Map<String, Object>> end = stats(browsers.get(i));
                for (String cam : CAMERAS) {
                    double frames = num(end.get(cam), "frames") - num(start.get(i).get(cam), "frames");
                    @SuppressWarnings("unchecked")
                    List<Number> all = (List<Number>) end.get(cam).get("delays");
                    List<Double> delays = new ArrayList<>();
                    for (Number n : all.subList(Math.max(0, all.size() - (int) frames), all.size())) {
                        delays.add(n.doubleValue());
                    }
                    Collections.sort(delays);
                    allDelays.addAll(delays);
                    double fps = frames / seconds;
                    System.out.printf("  browser %d %s: %.2f pictures/s, delay written->drawn median %.0f ms, p95 %.0f ms%n", i + 1, cam,
                            fps, delays.get(delays.size() / 2), delays.get((int) (delays.size() * 0.95)));
                    assertThat(fps).as("browser %d %s pictures per second", i + 1, cam).isGreaterThan(0.7 * storedPerSecond);
                }
            }
            Collections.sort(allDelays);
            long rssKb = rssKb(process.pid());
            System.out.printf("  all tiles: delay median %.0f ms, p95 %.0f ms; dashboard process: CPU %.1f%% of one core, resident %d MB%n",
                    allDelays.get(allDelays.size() / 2), allDelays.get((int) (allDelays.size() * 0.95)),
                    100.0 * cpu.toMillis() / 1000 / seconds, rssKb / 1024);
            assertThat(allDelays.get(allDelays.size() / 2)).as("median delay (ms)").isLessThan(1_000);
        } finally {
            browsers.forEach(ChromeDriver::quit);
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            writing.set(false);
            writer.join(10_000);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> stats(ChromeDriver b) {
        return (Map<String, Map<String, Object>>) ((JavascriptExecutor) b).executeScript("return window.streamyoloStats()");
    }

    private static double num(Map<String, Object> stats, String key) {
        Object v = stats == null ? null : stats.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
