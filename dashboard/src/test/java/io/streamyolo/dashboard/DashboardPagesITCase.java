package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.dashboard.testutils.Browsers;
import io.streamyolo.dashboard.testutils.RecordedFootage;
import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.dashboard.testutils.TestClips;
import io.streamyolo.source.record.RecordedClip;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.testutils.TestEvents;
import io.streamyolo.testing.ShippedFootage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The pages in a real Chromium against a dashboard reading an SQLite store that the test writes
 * as the job's sink does (no job: each test writes the cameras and events it needs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPagesITCase {

    @TempDir
    static Path dir;

    EventStore store;
    DashboardServer dashboard;
    ChromeDriver browser;
    String base;
    Path control;

    @BeforeAll
    void start() throws Exception {
        String storeUrl = "jdbc:sqlite:" + dir.resolve("events.db");
        control = dir.resolve("commands.jsonl");
        store = EventStore.open(storeUrl);
        dashboard = DashboardServer.start(DashboardOptions.parse(new String[] {
            "--store", storeUrl, "--control-file", control.toString(), "--port", "0", "--job-conf", "0.45",
            "--job-classes", "person,car"
        }, Map.of()));
        base = "http://127.0.0.1:" + dashboard.port();
        browser = Browsers.chromium();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void testTilesSortedByNumberAndLongIdsCutWithTheWholeIdInTheTooltip() throws Exception {
        String longId = "loading-dock-north-entrance-camera-with-a-name-far-longer-than-a-tile-is-wide";
        long now = System.currentTimeMillis();
        List<String> ids = List.of("sort10", "sort2", "sort1", longId);
        for (String id : ids) {
            store.write(List.of(), List.of(), List.of(TestCameras.preview(id, now, 1)), List.of(TestCameras.live(id, now)));
        }
        browser.get(base + "/");
        // These four tiles, not any four: other tests' cameras are in the store too, and the states
        // the page gets first may be from before these were written (cached for 300 ms).
        await(Duration.ofSeconds(10), () -> browser.findElements(By.cssSelector(".tile")).stream()
                .filter(t -> ids.contains(t.getAttribute("data-stream"))).count() == ids.size(), "the tiles");
        List<String> order = browser.findElements(By.cssSelector(".tile")).stream().map(t -> t.getAttribute("data-stream"))
                .filter(ids::contains).toList();
        assertThat(order).containsExactly(longId, "sort1", "sort2", "sort10");

        WebElement tile = browser.findElement(By.cssSelector(".tile[data-stream='" + longId + "']"));
        // The frames that skipped the model, as the job reported them (TestCameras.live: 40 and 5).
        WebElement stats = tile.findElement(By.cssSelector(".stats"));
        await(Duration.ofSeconds(5), () -> stats.getAttribute("textContent").contains("skipped"), "the tile's figures");
        assertThat(stats.getAttribute("textContent")).contains("40 skipped (no motion)").contains("5 predicted");
        WebElement name = tile.findElement(By.cssSelector("h2"));
        assertThat(name.getAttribute("title")).isEqualTo(longId);
        assertThat(name.getCssValue("text-overflow")).isEqualTo("ellipsis");
        Map<?, ?> box = (Map<?, ?>) ((JavascriptExecutor) browser).executeScript(
                "const h = arguments[0], t = arguments[1];"
                        + "return {scroll: h.scrollWidth, client: h.clientWidth, right: h.getBoundingClientRect().right,"
                        + " tileRight: t.getBoundingClientRect().right};", name, tile);
        assertThat(((Number) box.get("scroll")).doubleValue()).as("the id is wider than its room: cut")
                .isGreaterThan(((Number) box.get("client")).doubleValue());
        assertThat(((Number) box.get("right")).doubleValue()).as("the name ends inside the tile")
                .isLessThanOrEqualTo(((Number) box.get("tileRight")).doubleValue());
    }

    @Test
    void testCameraPageWithoutIdOrWithAnUnknownIdSaysSoAndLinksBack() throws Exception {
        browser.get(base + "/camera.html");
        WebElement missing = browser.findElement(By.id("missing"));
        await(Duration.ofSeconds(5), missing::isDisplayed, "the message");
        assertThat(browser.findElement(By.id("missing-title")).getText()).isEqualTo("No camera given");
        assertThat(browser.findElement(By.id("camera-page")).isDisplayed()).isFalse();
        WebElement back = browser.findElement(By.id("missing-back"));
        assertThat(back.getAttribute("href")).isEqualTo(base + "/");

        browser.get(base + "/camera.html?id=later");
        await(Duration.ofSeconds(5), () -> browser.findElement(By.id("missing")).isDisplayed(), "the message");
        assertThat(browser.findElement(By.id("missing-title")).getText()).isEqualTo("No camera \"later\"");
        assertThat(browser.findElement(By.id("camera-page")).isDisplayed()).isFalse();
        // Once the job reports it, the page shows it.
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("later", now, 1)), List.of(TestCameras.live("later", now)));
        await(Duration.ofSeconds(5), () -> browser.findElement(By.id("camera-page")).isDisplayed()
                && browser.findElement(By.id("cam-state")).getText().equalsIgnoreCase("live"), "the camera's page");
        assertThat(browser.findElement(By.id("missing")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("cam-skipped")).getText()).isEqualTo("40 frames in the last interval");
        assertThat(browser.findElement(By.id("cam-predicted")).getText()).isEqualTo("5 frames in the last interval");
        browser.get(base + "/camera.html");
        browser.findElement(By.id("missing-back")).click();
        await(Duration.ofSeconds(5), () -> browser.getCurrentUrl().equals(base + "/"), "the link goes to the cameras");
    }

    @Test
    void testStoppedCameraRemovedWithItsButtonAndOldOnesNotShown() throws Exception {
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(TestCameras.preview("rm-stopped", now - 5_000, 1),
                TestCameras.preview("rm-live", now, 1), TestCameras.preview("rm-old", now - 3_600_000, 1)), List.of(
                stopped("rm-stopped", now - 5_000), TestCameras.state("rm-error", now, CameraState.ERROR, "connection refused"),
                TestCameras.live("rm-live", now), stopped("rm-old", now - 3_600_000)));
        browser.get(base + "/");
        await(Duration.ofSeconds(10), () -> removeButton("rm-stopped").isDisplayed() && removeButton("rm-error").isDisplayed(),
                "the stopped and the failed camera's tiles, with their Remove buttons");
        // Stopped an hour ago: not on the page (the default --hide-stopped-after-s is 10 minutes).
        assertThat(browser.findElements(By.cssSelector(".tile[data-stream='rm-old']"))).isEmpty();
        assertThat(removeButton("rm-live").isDisplayed()).as("a live camera has no Remove button").isFalse();
        removeButton("rm-stopped").click();
        await(Duration.ofSeconds(5), () -> browser.findElements(By.cssSelector(".tile[data-stream='rm-stopped']")).isEmpty(),
                "the tile goes");
        browser.navigate().refresh();
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector(".tile[data-stream='rm-live']")).isEmpty(), "the grid");
        Thread.sleep(1_500); // a states message or two
        assertThat(browser.findElements(By.cssSelector(".tile[data-stream='rm-stopped']"))).as("still gone after a reload").isEmpty();
        // Only the dashboard forgot it: the store has its state, and no command went to the job.
        assertThat(store.cameras()).extracting(CameraState::streamId).contains("rm-stopped");
        if (java.nio.file.Files.exists(control)) {
            assertThat(java.nio.file.Files.readString(control)).doesNotContain("rm-stopped");
        }
        // Started again, it is back.
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.live("rm-stopped", System.currentTimeMillis())));
        await(Duration.ofSeconds(5), () -> !browser.findElements(By.cssSelector(".tile[data-stream='rm-stopped']")).isEmpty(),
                "the restarted camera's tile");
    }

    @Test
    void testUrlFieldMasksThePasswordWhileTypingAndSendsTheRealOne() throws Exception {
        browser.get(base + "/");
        browser.findElement(By.id("add-toggle")).click();
        browser.findElement(By.id("add-id")).sendKeys("masked");
        WebElement url = browser.findElement(By.id("add-url"));
        // Typed, cleared and typed again: only the second URL counts.
        url.sendKeys("rtsp://first:pw@10.0.0.1/a");
        url.clear();
        assertThat(url.getAttribute("value")).isEmpty();
        url.sendKeys("rtsp://admin:s3c");
        // Before the '@': what follows the ':' may be a password, masked already.
        assertThat(url.getAttribute("value")).isEqualTo("rtsp://admin:•••");
        url.sendKeys("ret@127.0.0.1:8554/x");
        assertThat(url.getAttribute("value")).isEqualTo("rtsp://admin:••••••@127.0.0.1:8554/x");
        // Edits at the end and inside the password.
        url.sendKeys(Keys.BACK_SPACE, "y");
        url.sendKeys(Keys.HOME);
        for (int i = 0; i < "rtsp://admin:s3".length(); i++) {
            url.sendKeys(Keys.ARROW_RIGHT);
        }
        url.sendKeys(Keys.BACK_SPACE, "Z");
        assertThat(url.getAttribute("value")).isEqualTo("rtsp://admin:••••••@127.0.0.1:8554/y");
        assertThat(pageText()).doesNotContain("s3").doesNotContain("ret@");

        browser.findElement(By.id("add-submit")).click();
        await(Duration.ofSeconds(5), () -> browser.findElement(By.id("add-ok")).getText().contains("masked"), "the START is sent");
        // The job gets the real URL, with the edited password; the page never has it.
        assertThat(java.nio.file.Files.readAllLines(control)).anyMatch(l -> l.contains("\"stream_id\":\"masked\"")
                && l.contains("\"rtsp://admin:sZcret@127.0.0.1:8554/y\""));
        assertThat(url.getAttribute("value")).isEmpty();
        assertThat(pageText()).doesNotContain("sZcret").doesNotContain("s3cret");
    }

    @Test
    void testSettingsFormsShowTheCamerasSettingsAndTheJobsDefaults() throws Exception {
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.state("plain", now, CameraState.LIVE, null),
                TestCameras.live("tuned", now)));
        // A camera that sets nothing: the job's defaults (as the dashboard was told them) in each field.
        browser.get(base + "/camera.html?id=plain");
        await(Duration.ofSeconds(5), () -> browser.findElement(By.id("cam-settings")).getText().contains("job default"), "the settings");
        assertThat(browser.findElement(By.id("cam-settings")).getText())
                .isEqualTo("max fps 0 (every frame) (job default) · confidence 0.45 (job default) · classes person, car (job default)");
        assertThat(placeholder("set-fps")).isEqualTo("job default: 0 (every frame)");
        assertThat(placeholder("set-conf")).isEqualTo("job default: 0.45");
        assertThat(placeholder("set-classes")).isEqualTo("job default: person, car");
        assertThat(browser.findElement(By.id("set-conf")).getAttribute("value")).isEmpty();
        // A camera with its own settings: them, in the fields.
        browser.get(base + "/camera.html?id=tuned");
        await(Duration.ofSeconds(5), () -> !browser.findElement(By.id("set-conf")).getAttribute("value").isEmpty(), "the settings");
        assertThat(browser.findElement(By.id("set-conf")).getAttribute("value")).isEqualTo("0.4");
        assertThat(browser.findElement(By.id("set-fps")).getAttribute("value")).isEqualTo("5");
        assertThat(browser.findElement(By.id("set-classes")).getAttribute("value")).isEqualTo("0, 2");
        // And the add form.
        browser.get(base + "/");
        await(Duration.ofSeconds(5), () -> placeholder("add-conf").equals("job default: 0.45"), "the add form's defaults");
        assertThat(placeholder("add-fps")).isEqualTo("job default: 0 (every frame)");
    }

    @Test
    void testEventsPagedWithTheirTotalAndTimePresets() throws Exception {
        // 130 objects of one camera, one every 20 minutes back from a minute ago (about 43 hours).
        long now = System.currentTimeMillis();
        List<io.streamyolo.store.StoredEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {
            events.add(io.streamyolo.store.testutils.TestEvents.entered("ev1", 1000 + i, now - (i * 20L + 1) * 60_000, "square"));
        }
        store.write(events, List.of());
        browser.get(base + "/events.html?camera=ev1");
        try {
            await(Duration.ofSeconds(10), () -> range().equals("1–50 of 130 events"), "the first page");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": the page shows '" + range() + "', error '"
                    + browser.findElement(By.id("filter-error")).getText() + "'");
        }
        assertThat(rows()).hasSize(50);
        assertThat(browser.findElement(By.id("newer")).isEnabled()).isFalse();
        browser.findElement(By.id("older")).click();
        await(Duration.ofSeconds(5), () -> range().equals("51–100 of 130 events"), "the second page");
        // The 51st newest: track 1050.
        assertThat(rows().get(0).getText()).contains("#1050");
        assertThat(browser.getCurrentUrl()).contains("offset=50");
        browser.findElement(By.id("older")).click();
        await(Duration.ofSeconds(5), () -> range().equals("101–130 of 130 events"), "the last page");
        assertThat(rows()).hasSize(30);
        assertThat(browser.findElement(By.id("older")).isEnabled()).isFalse();
        browser.findElement(By.id("newer")).click();
        await(Duration.ofSeconds(5), () -> range().equals("51–100 of 130 events"), "back one page");

        browser.findElement(By.id("preset-15m")).click();
        await(Duration.ofSeconds(5), () -> range().equals("1–1 of 1 events"), "the last 15 minutes");
        browser.findElement(By.id("preset-1h")).click();
        await(Duration.ofSeconds(5), () -> range().equals("1–3 of 3 events"), "the last hour");
        browser.findElement(By.id("preset-24h")).click();
        await(Duration.ofSeconds(5), () -> range().equals("1–50 of 72 events"), "the last 24 hours");
        assertThat(browser.findElement(By.id("f-since")).getAttribute("value")).isNotEmpty();
        // Today and yesterday, as the browser's clock has them.
        long midnight = ((Number) ((JavascriptExecutor) browser).executeScript(
                "const d = new Date(); d.setHours(0, 0, 0, 0); return d.getTime();")).longValue();
        long yesterday = ((Number) ((JavascriptExecutor) browser).executeScript(
                "const d = new Date(); d.setHours(0, 0, 0, 0); d.setDate(d.getDate() - 1); return d.getTime();")).longValue();
        long today = events.stream().filter(e -> e.ts() >= midnight).count();
        long before = events.stream().filter(e -> e.ts() >= yesterday && e.ts() < midnight).count();
        browser.findElement(By.id("preset-today")).click();
        await(Duration.ofSeconds(5), () -> range().endsWith(" of " + today + " events") || today == 0 && range().equals("no events"),
                "today's " + today);
        browser.findElement(By.id("preset-yesterday")).click();
        await(Duration.ofSeconds(5), () -> range().equals("1–" + Math.min(50, before) + " of " + before + " events"), "yesterday's " + before);
        assertThat(browser.findElement(By.id("f-until")).getAttribute("value")).isNotEmpty();
        browser.findElement(By.id("preset-24h")).click();
        await(Duration.ofSeconds(5), () -> range().equals("1–50 of 72 events"), "the last 24 hours again");

        // A new event on the first page: it comes in at the top, and the total grows.
        store.write(List.of(io.streamyolo.store.testutils.TestEvents.entered("ev1", 5000, System.currentTimeMillis(), "square")),
                List.of());
        await(Duration.ofSeconds(10), () -> range().equals("1–50 of 73 events"), "the new event counted");
        assertThat(rows().get(0).getText()).contains("#5000");
        assertThat(rows()).hasSize(50);
    }

    @Test
    void testEventViewPlaysItsH264ClipAndOffersAnHevcOneForDownload() throws Exception {
        // Real recordings: the hall footage (H.264) and the shop's (HEVC), copied where the job
        // would have written them, each checked with FFmpeg to be what its row says.
        Path recordings = Files.createDirectories(dir.resolve("recordings").resolve("clipcam"));
        Path h264File = Files.copy(ShippedFootage.path(ShippedFootage.HALL), recordings.resolve("event-hall.mp4"));
        Path hevcFile = Files.copy(ShippedFootage.path(ShippedFootage.SHOP), recordings.resolve("segment-shop.mp4"));
        assertThat(videoCodec(h264File)).as("the hall footage's codec").isEqualTo(avcodec.AV_CODEC_ID_H264);
        assertThat(videoCodec(hevcFile)).as("the shop footage's codec").isEqualTo(avcodec.AV_CODEC_ID_HEVC);
        long t = System.currentTimeMillis() - 600_000;
        StoredClip h264 = TestClips.register(store, h264File, "clipcam", StoredClip.KIND_EVENT, t, t + 139_000, "h264", 77);
        StoredClip hevc = TestClips.register(store, hevcFile, "clipcam", StoredClip.KIND_SEGMENT, t - 20_000, t + 10_000, "hevc");
        // Track 77 entered 5 s into its clip (and the segment); track 78 only in the segment.
        store.write(List.of(TestEvents.entered("clipcam", 77, t + 5_000, "person"), TestEvents.entered("clipcam", 78, t - 3_000, "person")),
                List.of());
        long entered77 = eventId("clipcam", 77);
        long entered78 = eventId("clipcam", 78);

        // From the events page: the event's time opens its view.
        browser.get(base + "/events.html?camera=clipcam");
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("tr[data-id='" + entered77 + "'] a.event-link")).isEmpty(),
                "the event's row");
        browser.findElement(By.cssSelector("tr[data-id='" + entered77 + "'] a.event-link")).click();
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#clip-player video")).isEmpty(), "the event's player");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/event.html?id=" + entered77);
        WebElement video = browser.findElement(By.cssSelector("#clip-player video"));
        // The event clip, from 2 s before the event.
        assertThat(video.getAttribute("src")).isEqualTo(base + "/api/clips/" + h264.id() + ".mp4#t=3.0");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // Muted, as a page may play without a click; the footage has no sound anyway.
        Object played = js.executeAsyncScript("const v = arguments[0], done = arguments[arguments.length - 1];"
                + " v.muted = true; v.play().then(() => done('playing'), e => done('refused: ' + e));", video);
        assertThat(played).isEqualTo("playing");
        await(Duration.ofSeconds(15), () -> ((Number) js.executeScript("return arguments[0].readyState;", video)).intValue() >= 2,
                "the video to have data at its position (readyState 2 or more)");
        double first = ((Number) js.executeScript("return arguments[0].currentTime;", video)).doubleValue();
        assertThat(first).as("started near 3 s in").isBetween(2.9, 5.0);
        await(Duration.ofSeconds(15), () -> ((Number) js.executeScript("return arguments[0].currentTime;", video)).doubleValue() > first + 1,
                "the video's time to advance by a second");
        assertThat(js.executeScript("return arguments[0].error && arguments[0].error.message;", video)).isNull();
        assertThat(((Number) js.executeScript("return arguments[0].videoWidth;", video)).intValue()).isEqualTo(768);
        // The segment that also covers it is HEVC: its row says why it does not play here, and offers the file.
        WebElement hevcRow = browser.findElement(By.cssSelector("#clips tr[data-clip='" + hevc.id() + "']"));
        assertThat(hevcRow.getText()).contains("HEVC: this browser cannot play it, download it").contains("Download");
        assertThat(hevcRow.findElements(By.cssSelector("button.play"))).isEmpty();
        assertThat(hevcRow.findElement(By.cssSelector("a.download")).getAttribute("href"))
                .isEqualTo(base + "/api/clips/" + hevc.id() + ".mp4?download=1");
        assertThat(browser.findElement(By.cssSelector("#clips tr[data-clip='" + h264.id() + "']")).getText())
                .contains("2 min 19 s").contains("3.3 MB").contains("event clip · H.264");

        // An event that only the HEVC segment shows: no player, the reason and the download.
        browser.get(base + "/event.html?id=" + entered78);
        await(Duration.ofSeconds(10), () -> browser.findElement(By.cssSelector("#clip-player")).isDisplayed(), "the player area");
        WebElement player = browser.findElement(By.id("clip-player"));
        assertThat(player.getText()).contains("This browser cannot play HEVC (H.265) video: download the file");
        assertThat(player.findElements(By.tagName("video"))).isEmpty();
        assertThat(player.findElement(By.cssSelector("a.download")).getAttribute("download")).isEqualTo(hevc.fileName());
        assertThat(browser.findElements(By.cssSelector("#clips tbody tr"))).hasSize(1);

        // A clip as the job's recorder remuxes it from a camera's packets plays the same way.
        long t2 = System.currentTimeMillis() - 300_000;
        RecordedClip recorded = RecordedFootage.eventClip(ShippedFootage.path(ShippedFootage.HALL), dir.resolve("recordings"), "reccam2",
                t2, 20_000, 30_000);
        StoredClip remuxed = TestClips.register(store, recorded.file(), "reccam2", StoredClip.KIND_EVENT, recorded.startMillis(),
                recorded.endMillis(), recorded.codec(), 1);
        store.write(List.of(TestEvents.entered("reccam2", 1, t2 + 20_000, "person")), List.of());
        browser.get(base + "/event.html?id=" + eventId("reccam2", 1));
        await(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#clip-player video")).isEmpty(), "the recorded clip's player");
        WebElement recordedVideo = browser.findElement(By.cssSelector("#clip-player video"));
        assertThat(recordedVideo.getAttribute("src")).startsWith(base + "/api/clips/" + remuxed.id() + ".mp4");
        Object playing = js.executeAsyncScript("const v = arguments[0], done = arguments[arguments.length - 1];"
                + " v.muted = true; v.play().then(() => done('playing'), e => done('refused: ' + e));", recordedVideo);
        assertThat(playing).isEqualTo("playing");
        await(Duration.ofSeconds(15), () -> ((Number) js.executeScript("return arguments[0].readyState;", recordedVideo)).intValue() >= 2,
                "the recorded clip to have data (readyState 2 or more)");
        double at = ((Number) js.executeScript("return arguments[0].currentTime;", recordedVideo)).doubleValue();
        await(Duration.ofSeconds(15), () -> ((Number) js.executeScript("return arguments[0].currentTime;", recordedVideo)).doubleValue() > at + 1,
                "the recorded clip's time to advance by a second");
        assertThat(js.executeScript("return arguments[0].error && arguments[0].error.message;", recordedVideo)).isNull();
    }

    @Test
    void testCameraPageListsItsRecordingsAndPlaysOne() throws Exception {
        Path recordings = Files.createDirectories(dir.resolve("recordings").resolve("reccam"));
        long t = System.currentTimeMillis() - 3_600_000;
        List<StoredClip> clips = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Twelve minute-long segments (more than a page of 10), each a copy of the car park footage.
            Path file = Files.copy(ShippedFootage.path(ShippedFootage.CAR_PARK), recordings.resolve("segment-" + i + ".mp4"));
            clips.add(TestClips.register(store, file, "reccam", StoredClip.KIND_SEGMENT, t + i * 60_000L, t + (i + 1) * 60_000L, "h264"));
        }
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.live("reccam", System.currentTimeMillis())));

        browser.get(base + "/camera.html?id=reccam");
        // Shown once the camera's state is read too (a camera the state cache does not have yet is "missing" for a second).
        await(Duration.ofSeconds(10), () -> browser.findElements(By.cssSelector("#clips tbody tr")).size() == 10
                && browser.findElement(By.cssSelector("#clips tbody tr")).isDisplayed(), "a page of recordings");
        List<WebElement> rows = browser.findElements(By.cssSelector("#clips tbody tr"));
        // Newest first.
        assertThat(rows.get(0).getAttribute("data-clip")).isEqualTo(String.valueOf(clips.get(11).id()));
        assertThat(rows.get(0).getText()).contains("1 min 00 s").contains("segment · H.264").contains("Play").contains("Download");
        assertThat(browser.findElement(By.id("clips-range")).getText()).isEqualTo("1–10");
        browser.findElement(By.id("clips-older")).click();
        await(Duration.ofSeconds(5), () -> browser.findElement(By.id("clips-range")).getText().equals("11–12"), "the older page");
        assertThat(browser.findElement(By.id("clips-older")).isEnabled()).isFalse();
        WebElement oldest = browser.findElement(By.cssSelector("#clips tr[data-clip='" + clips.get(0).id() + "']"));
        oldest.findElement(By.cssSelector("button.play")).click();
        await(Duration.ofSeconds(5), () -> !browser.findElements(By.cssSelector("#clip-player video")).isEmpty(), "the player");
        WebElement video = browser.findElement(By.cssSelector("#clip-player video"));
        assertThat(video.getAttribute("src")).isEqualTo(base + "/api/clips/" + clips.get(0).id() + ".mp4");
        await(Duration.ofSeconds(15), () -> ((Number) ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].readyState;", video)).intValue() >= 1, "the video's metadata");
        assertThat(((Number) ((JavascriptExecutor) browser).executeScript("return arguments[0].duration;", video)).doubleValue())
                .as("the car park footage's length").isBetween(29.0, 31.0);
    }

    private long eventId(String stream, long track) throws Exception {
        return store.findRows(EventQuery.builder().stream(stream).build()).stream()
                .filter(r -> r.event().trackId() == track).findFirst().orElseThrow().id();
    }

    /** The video codec FFmpeg finds in a file (an {@code AV_CODEC_ID_}). */
    private static int videoCodec(Path file) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            return grabber.getVideoCodec();
        }
    }

    private String range() {
        return browser.findElement(By.id("range")).getText();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#events tbody tr[data-id]"));
    }

    // ------------------------------------------------------------------------------------------

    private String placeholder(String id) {
        return browser.findElement(By.id(id)).getAttribute("placeholder");
    }

    /** The page's DOM and every field's value. */
    private String pageText() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.documentElement.outerHTML + ' '"
                + " + [...document.querySelectorAll('input, textarea')].map(i => i.value).join(' ')");
    }

    private WebElement removeButton(String id) {
        return browser.findElement(By.cssSelector(".tile[data-stream='" + id + "'] button.remove"));
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // A page in the middle of loading: look again.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }

    static CameraState stopped(String id, long ts) {
        return TestCameras.state(id, ts, CameraState.STOPPED, null);
    }
}
