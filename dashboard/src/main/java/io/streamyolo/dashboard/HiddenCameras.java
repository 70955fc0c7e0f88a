package io.streamyolo.dashboard;

import io.streamyolo.store.CameraState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cameras the dashboard no longer lists: those removed with a tile's Remove button, and
 * those that ended (stopped, or the job stopped reporting them) longer than {@code hideAfterMs}
 * ago. Only the dashboard's list changes: the store keeps the camera's state and its events, the
 * job is not told, and {@code /api/cameras/{id}} still answers.
 *
 * <p>A removed camera comes back when it is no longer ended (started again, or reporting again);
 * a camera in error that the job still reports may be removed, and stays hidden while it is in
 * error. Removals are kept in memory: after a restart the dashboard lists them again until they
 * are hidden by age. Called on request threads and the cameras page's state thread.
 */
final class HiddenCameras {

    private final long hideAfterMs;
    /** Removed cameras, by id: hidden while they stay ended. */
    private final Map<String, Boolean> removed = new ConcurrentHashMap<>();

    /** @param hideAfterMs how long an ended camera stays listed; 0 = until removed */
    HiddenCameras(long hideAfterMs) {
        this.hideAfterMs = hideAfterMs;
    }

    /**
     * Whether a camera can be removed: it is stopped, in error, or the job stopped reporting it.
     * A live or reconnecting camera cannot: it would be hidden while it still runs.
     */
    static boolean ended(CameraState c, long nowMillis) {
        return c.isStopped() || CameraState.ERROR.equals(c.state()) || LiveView.isStale(c, nowMillis);
    }

    /**
     * Removes an ended camera from the dashboard's list.
     *
     * @throws IllegalStateException when it is not ended, naming its state
     */
    void remove(CameraState c, long nowMillis) {
        if (!ended(c, nowMillis)) {
            throw new IllegalStateException("camera '" + c.streamId() + "' is " + c.state()
                    + ": stop it first (removing only takes an ended camera off the dashboard, it stops nothing)");
        }
        removed.put(c.streamId(), Boolean.TRUE);
    }

    /** Whether the dashboard's list leaves this camera out now. */
    boolean hidden(CameraState c, long nowMillis) {
        boolean ended = ended(c, nowMillis);
        if (!ended) {
            // Running again: a later stop needs a new removal.
            removed.remove(c.streamId());
            return false;
        }
        if (removed.containsKey(c.streamId())) {
            return true;
        }
        // Ended and not reported for a while. A camera in error that the job still reports is
        // shown: the job still holds it.
        return hideAfterMs > 0 && nowMillis - c.ts() > hideAfterMs;
    }
}
