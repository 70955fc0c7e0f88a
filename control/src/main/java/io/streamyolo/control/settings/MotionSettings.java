package io.streamyolo.control.settings;

import io.streamyolo.track.zone.Point;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A camera's motion gating, one component of {@link StreamSettings}: whether the model runs only
 * on frames with motion, how much change is motion, where change is ignored, and how often a still
 * camera is detected anyway. A null field was not given (a command changes only the fields it
 * names); {@link #resolved()} fills in the defaults.
 *
 * @param mode {@code off}: every kept frame is detected and no motion is measured; {@code gate}:
 *     frames without motion skip the model (unless the camera had boxes recently or waited {@code
 *     keepaliveSeconds})
 * @param threshold a frame has motion when at least this fraction of the picture outside the
 *     masks changed, 0 to 1
 * @param pixelDelta a pixel changed when it differs from the background by more than this many
 *     grey levels (1 to 255; noisier pixels need more, see the detector)
 * @param masks polygons in frame-relative coordinates where change is ignored (a burnt-in clock)
 * @param keepaliveSeconds a gated camera is detected at least this often, in seconds (0: never
 *     without motion)
 */
public record MotionSettings(Mode mode, Double threshold, Integer pixelDelta, List<List<Point>> masks,
        Double keepaliveSeconds) implements Serializable {

    /** Whether frames without motion skip the model. */
    public enum Mode {
        OFF, GATE;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Mode DEFAULT_MODE = Mode.GATE;
    /** 0.3 % of the picture: a person far off in a 768x432 room covers about 1 %. */
    public static final double DEFAULT_THRESHOLD = 0.003;
    public static final int DEFAULT_PIXEL_DELTA = 20;
    public static final double DEFAULT_KEEPALIVE_SECONDS = 5;
    public static final double MAX_KEEPALIVE_SECONDS = 3600;
    public static final int MAX_MASKS = 32;
    public static final int MAX_MASK_POINTS = 64;

    /** No field given. */
    public static final MotionSettings NONE = new MotionSettings(null, null, null, null, null);

    public MotionSettings {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("motion_threshold must be from 0 to 1, got " + threshold);
        }
        if (pixelDelta != null && (pixelDelta < 1 || pixelDelta > 255)) {
            throw new IllegalArgumentException("motion_pixel_delta must be from 1 to 255, got " + pixelDelta);
        }
        if (keepaliveSeconds != null && !(keepaliveSeconds >= 0 && keepaliveSeconds <= MAX_KEEPALIVE_SECONDS)) {
            throw new IllegalArgumentException("keepalive must be from 0 to " + (int) MAX_KEEPALIVE_SECONDS + " seconds, got "
                    + keepaliveSeconds);
        }
        if (masks != null) {
            if (masks.size() > MAX_MASKS) {
                throw new IllegalArgumentException("motion_masks has " + masks.size() + " polygons; at most " + MAX_MASKS);
            }
            List<List<Point>> copy = new ArrayList<>();
            for (int i = 0; i < masks.size(); i++) {
                List<Point> polygon = masks.get(i);
                if (polygon == null || polygon.size() < 3 || polygon.size() > MAX_MASK_POINTS) {
                    throw new IllegalArgumentException("motion_masks polygon " + i + " needs 3 to " + MAX_MASK_POINTS
                            + " points [x, y], got " + (polygon == null ? 0 : polygon.size()));
                }
                for (Point p : polygon) {
                    if (!(p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1)) {
                        throw new IllegalArgumentException("motion_masks polygon " + i + ": point (" + p.x() + ", " + p.y()
                                + ") is outside the frame; coordinates are relative, in [0, 1]");
                    }
                }
                copy.add(List.copyOf(polygon));
            }
            masks = List.copyOf(copy);
        }
    }

    /** These settings with the defaults where a field is not given. */
    public MotionSettings resolved() {
        return new MotionSettings(mode != null ? mode : DEFAULT_MODE, threshold != null ? threshold : DEFAULT_THRESHOLD,
                pixelDelta != null ? pixelDelta : DEFAULT_PIXEL_DELTA, masks != null ? masks : List.of(),
                keepaliveSeconds != null ? keepaliveSeconds : DEFAULT_KEEPALIVE_SECONDS);
    }

    /** These settings with those that {@code later} gives replacing theirs; a null {@code later} changes nothing. */
    public MotionSettings then(MotionSettings later) {
        if (later == null) {
            return this;
        }
        return new MotionSettings(later.mode != null ? later.mode : mode, later.threshold != null ? later.threshold : threshold,
                later.pixelDelta != null ? later.pixelDelta : pixelDelta, later.masks != null ? later.masks : masks,
                later.keepaliveSeconds != null ? later.keepaliveSeconds : keepaliveSeconds);
    }

    /** Whether frames are gated, with the default where the mode is not given. */
    public boolean gates() {
        return (mode != null ? mode : DEFAULT_MODE) == Mode.GATE;
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
