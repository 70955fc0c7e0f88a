package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite store: camera states as the job writes them, commands into a list. */
class PreviewRatesTest {

    @TempDir
    java.nio.file.Path dir;

    private EventStore store;
    private LiveView live;
    private final List<String> sent = new ArrayList<>();
    private PreviewRates rates;

    @BeforeEach
    void setUp() throws Exception {
        store = EventStore.open("jdbc:sqlite:" + dir.resolve("events.db"));
        live = new LiveView(store, 100, 0);
        CommandSink sink = new CommandSink() {
            @Override
            public void send(String streamId, String line) {
                sent.add(line);
            }

            @Override
            public String description() {
                return "list";
            }

            @Override
            public void close() {}
        };
        rates = new PreviewRates(live, new CommandGate(Set.of("rtsp")), sink, 2, 0.2);
    }

    @AfterEach
    void tearDown() {
        live.close();
        store.close();
    }

    private void state(String stream, long ts, String settings) throws Exception {
        store.write(List.of(), List.of(), List.of(), List.of(new CameraState(stream, ts, CameraState.LIVE, null, 10.0, 0L, null, null, 0,
                "m", settings, "[]", "[]", "{}", "{}")));
    }

    @Test
    void testWatchedCamerasGetTheWatchedRateAndOthersTheIdleOne() throws Exception {
        long now = System.currentTimeMillis();
        state("seen", now, "{}");
        state("unseen", now, "{\"conf\":0.4}");
        live.next("seen", 0, 1); // a browser asks for its picture
        rates.reconcile(now);
        assertThat(sent).containsExactlyInAnyOrder(
                "{\"type\":\"UPDATE\",\"stream_id\":\"seen\",\"preview_fps\":2.0}",
                "{\"type\":\"UPDATE\",\"stream_id\":\"unseen\",\"preview_fps\":0.2}");
        // Not again while the job has not reported the change yet.
        rates.reconcile(now + 1_000);
        assertThat(sent).hasSize(2);
    }

    @Test
    void testRatesAlreadyRightAreLeftAloneAndStoppedCamerasToo() throws Exception {
        long now = System.currentTimeMillis();
        state("idle", now, "{\"preview_fps\":0.2}");
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.state("gone", now, CameraState.STOPPED, "stopped by command")));
        rates.reconcile(now);
        assertThat(sent).isEmpty();
        live.latest("idle"); // a browser opens the camera
        rates.reconcile(now + 1);
        assertThat(sent).containsExactly("{\"type\":\"UPDATE\",\"stream_id\":\"idle\",\"preview_fps\":2.0}");
    }

    @Test
    void testAFailedSendIsTriedAgainLater() throws Exception {
        long now = System.currentTimeMillis();
        state("cam", now, "{}");
        rates.reconcile(now);
        long later = now + PreviewRates.RESEND_MS + 1;
        state("cam", later, "{}"); // the job reports the camera every 2 s, still without the rate
        Thread.sleep(5); // past the camera cache
        rates.reconcile(later);
        assertThat(sent).as("the job never reported the new rate: sent again").hasSize(2);
        // Never confirmed: the next waits twice as long.
        long third = later + PreviewRates.RESEND_MS + 1;
        state("cam", third, "{}");
        Thread.sleep(5);
        rates.reconcile(third);
        assertThat(sent).hasSize(2);
        long fourth = later + 2 * PreviewRates.RESEND_MS + 1;
        state("cam", fourth, "{}");
        Thread.sleep(5);
        rates.reconcile(fourth);
        assertThat(sent).hasSize(3);
        assertThat(rates.resendAfter("cam")).isEqualTo(4 * PreviewRates.RESEND_MS);
    }

    @Test
    void testCamerasInErrorOrReconnectingAreNotAsked() throws Exception {
        long now = System.currentTimeMillis();
        store.write(List.of(), List.of(), List.of(), List.of(TestCameras.state("bad", now, CameraState.ERROR, "401 Unauthorized"),
                TestCameras.state("away", now, CameraState.RECONNECTING, "connection refused")));
        live.latest("bad");
        rates.reconcile(now);
        assertThat(sent).isEmpty();
    }

    @Test
    void testARateAnotherDashboardRaisedIsNotLowered() throws Exception {
        long now = System.currentTimeMillis();
        state("shared", now, "{\"preview_fps\":2.0}"); // raised by a dashboard someone watches
        rates.reconcile(now);
        assertThat(sent).isEmpty();
        live.latest("shared"); // watched here too, then no longer
        rates.reconcile(now + 1);
        assertThat(sent).as("already at the watched rate").isEmpty();
        long later = now + 2 * LiveView.IDLE_AFTER_MS;
        state("shared", later, "{\"preview_fps\":2.0}");
        Thread.sleep(5);
        rates.reconcile(later);
        assertThat(sent).as("not raised by this dashboard: left as it is").isEmpty();
    }

    @Test
    void testARateThisDashboardRaisedIsLoweredWhenNoOneWatches() throws Exception {
        long now = System.currentTimeMillis();
        state("mine", now, "{\"preview_fps\":0.2}");
        live.latest("mine");
        rates.reconcile(now);
        assertThat(sent).containsExactly("{\"type\":\"UPDATE\",\"stream_id\":\"mine\",\"preview_fps\":2.0}");
        long later = now + 2 * Math.max(LiveView.IDLE_AFTER_MS, PreviewRates.RESEND_MS);
        state("mine", later, "{\"preview_fps\":2.0}");
        Thread.sleep(5);
        rates.reconcile(later);
        assertThat(sent).last().isEqualTo("{\"type\":\"UPDATE\",\"stream_id\":\"mine\",\"preview_fps\":0.2}");
    }
}
