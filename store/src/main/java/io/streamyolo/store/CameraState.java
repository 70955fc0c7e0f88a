package io.streamyolo.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The newest state of a camera as the job reports it (on every change and every few seconds):
 * what a dashboard shows beside the picture. A newer state replaces the stored one; a stopped
 * camera keeps its row with state {@value #STOPPED}. It never holds the camera's URL.
 *
 * @param ts when the job reported it, epoch milliseconds
 * @param state {@value #LIVE}, {@value #RECONNECTING}, {@value #ERROR} or {@value #STOPPED}
 * @param reason why it reconnects, failed or stopped; null when live
 * @param fps frames detected per second over the job's last interval, or null
 * @param dropped frames dropped in that interval, or null
 * @param skipped frames that skipped the model in that interval for lack of motion, or null
 * @param predicted frames that skipped the model in that interval for the camera's {@code
 *     detect_interval} (their boxes are the tracker's predictions), or null
 * @param objects boxes in the newest frame, or null
 * @param settings JSON object of the stream's settings ({@code conf}, {@code classes}, {@code priority}, {@code max_fps})
 * @param zones JSON list of zones, as in commands (relative coordinates)
 * @param lines JSON list of lines, as in commands
 * @param zoneCounts JSON object: objects in each zone now
 * @param lineCounts JSON object: crossings of each line, {@code {"door":{"in":3,"out":2}}}
 */
public record CameraState(
        String streamId,
        long ts,
        String state,
        String reason,
        Double fps,
        Long dropped,
        Long skipped,
        Long predicted,
        Integer objects,
        String model,
        String settings,
        String zones,
        String lines,
        String zoneCounts,
        String lineCounts)
        implements StoreRecord {

    public static final String EVENT = "camera_state";

    public static final String LIVE = "live";
    public static final String RECONNECTING = "reconnecting";
    public static final String ERROR = "error";
    public static final String STOPPED = "stopped";

    public CameraState {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(state, "state");
        settings = orEmpty(settings, "{}");
        zones = orEmpty(zones, "[]");
        lines = orEmpty(lines, "[]");
        zoneCounts = orEmpty(zoneCounts, "{}");
        lineCounts = orEmpty(lineCounts, "{}");
    }

    /**
     * Parses a {@code "event":"camera_state"} line.
     *
     * @return the state; empty for other lines
     * @throws IllegalArgumentException if the line is not a JSON object, or a state lacks its stream
     *     id, time or state
     */
    public static Optional<CameraState> fromJson(String line) {
        return StoreJson.parse(line).filter(CameraState.class::isInstance).map(CameraState.class::cast);
    }

    public boolean isStopped() {
        return STOPPED.equals(state);
    }

    private static String orEmpty(String json, String empty) {
        return json == null || json.isBlank() || json.equals("null") ? empty : json;
    }
}
