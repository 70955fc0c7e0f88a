package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.StoreException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the job for each camera's pictures at the rate someone can see them: {@code watchedFps}
 * while a browser shows the camera, {@code idleFps} while none does (a recent still for when
 * someone opens the page), so that the detection subtasks encode few pictures for no one.
 *
 * <p>It compares each live camera's {@code preview_fps}, as the job reports it in the camera's
 * state, with the rate it should have, and sends an UPDATE through the same gate and control
 * channel as the forms when they differ; at most once per {@link #RESEND_MS} per camera, since the
 * job reports a change a few seconds later, and half as often after each UPDATE the job did not
 * confirm (down to once in about 5 minutes). Cameras in error, reconnecting or stopped are not
 * asked: they cannot take the rate. A dashboard that restarts finds the rates where they
 * are and changes nothing. With several dashboards, one lowers only a rate that it raised itself or
 * that no one set, so that it does not take the pictures from a camera someone watches on another
 * (that one raises it again within a few seconds if so). One thread; a failed send is logged and
 * tried again.
 */
final class PreviewRates implements AutoCloseable {

    static final long RESEND_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(PreviewRates.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LiveView live;
    private final CommandGate gate;
    private final CommandSink sink;
    private final double watchedFps;
    private final double idleFps;
    private final Map<String, Long> sentAt = new HashMap<>();
    /** UPDATEs sent since the job last reported the rate asked for: each doubles the wait before the next. */
    private final Map<String, Integer> unconfirmed = new HashMap<>();
    /** Cameras whose rate this dashboard raised to {@code watchedFps}. */
    private final Set<String> raised = new HashSet<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-preview-rates");
        t.setDaemon(true);
        return t;
    });

    PreviewRates(LiveView live, CommandGate gate, CommandSink sink, double watchedFps, double idleFps) {
        this.live = live;
        this.gate = gate;
        this.sink = sink;
        this.watchedFps = watchedFps;
        this.idleFps = idleFps;
    }

    void start(long periodMs) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                reconcile(System.currentTimeMillis());
            } catch (StoreException | RuntimeException e) {
                LOG.warn("Cannot set the cameras' picture rates: {}", e.getMessage());
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Sends an UPDATE for each live camera whose picture rate is not the one it should have. */
    void reconcile(long nowMillis) throws StoreException {
        for (CameraState c : live.cameras()) {
            // Only a live camera can take the rate and report it back; one in error or reconnecting
            // would be asked every few seconds for ever.
            if (!CameraState.LIVE.equals(c.state()) || LiveView.isStale(c, nowMillis)) {
                continue;
            }
            double wanted = live.watched(c.streamId(), nowMillis) ? watchedFps : idleFps;
            Double reported = previewFps(c.settings());
            boolean othersRate = wanted == idleFps && reported != null && !raised.contains(c.streamId());
            if (reported != null && reported == wanted) {
                unconfirmed.remove(c.streamId());
                continue;
            }
            if (othersRate || nowMillis - sentAt.getOrDefault(c.streamId(), Long.MIN_VALUE / 2) < resendAfter(c.streamId())) {
                continue;
            }
            String body = String.format(Locale.ROOT, "{\"type\":\"UPDATE\",\"stream_id\":%s,\"preview_fps\":%s}",
                    MAPPER.getNodeFactory().textNode(c.streamId()), wanted);
            try {
                CommandGate.Checked checked = gate.check(body);
                sink.send(c.streamId(), checked.line());
                sentAt.put(c.streamId(), nowMillis);
                unconfirmed.merge(c.streamId(), 1, Integer::sum);
                if (wanted == idleFps) {
                    raised.remove(c.streamId());
                } else {
                    raised.add(c.streamId());
                }
                LOG.info("Pictures of {} at {} fps: {}", c.streamId(), wanted, wanted == watchedFps ? "a browser shows it" : "no browser shows it");
            } catch (InvalidCommandException | IOException e) {
                LOG.warn("Cannot set the picture rate of {}: {}", c.streamId(), e.getMessage());
            }
        }
    }

    /** {@link #RESEND_MS}, doubled for each UPDATE the job did not confirm, up to 32 times. */
    long resendAfter(String streamId) {
        int n = unconfirmed.getOrDefault(streamId, 0);
        return RESEND_MS << Math.min(Math.max(n - 1, 0), 5);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private static Double previewFps(String settingsJson) {
        if (settingsJson == null) {
            return null;
        }
        try {
            JsonNode fps = MAPPER.readTree(settingsJson).get("preview_fps");
            return fps == null || !fps.isNumber() ? null : fps.asDouble();
        } catch (IOException e) {
            return null;
        }
    }
}
