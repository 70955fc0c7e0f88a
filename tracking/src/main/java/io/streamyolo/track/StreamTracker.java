package io.streamyolo.track;

import io.streamyolo.track.TrackEvent.Kind;
import io.streamyolo.track.kalman.BoxKalmanFilter;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multi-object tracker for one camera stream (ByteTrack-style) that turns boxes into track ids and
 * events: objects entering and leaving, zone visits and line crossings.
 *
 * <pre>{@code
 * StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
 * tracker.setZones(List.of(new Zone("door", List.of(p1, p2, p3, p4))));
 * FrameResult r = tracker.update(captureTimeMs, width, height, detections);
 * long idOfFirst = r.trackId(0);
 * r.events().forEach(sink::write);
 * }</pre>
 *
 * <p>Per frame: tracks unseen for longer than {@code lostTimeoutMs} leave (time in which the
 * camera sent no frame at all, up to {@code outageLimitMs}, does not count: {@link FrameClock});
 * every track predicts to the capture time (at most {@code maxPredictionMs}, which follows the lost
 * timeout); the frame's boxes are matched to the tracks in six rounds, live confirmed tracks first,
 * then lost ones, then tentative ones (see {@link TrackAssociation}). The rest of the high boxes
 * start tentative tracks. A tentative track that misses a frame is dropped silently; after {@code
 * minHits} consecutive matches, the stream's first frame included, it is confirmed (on a camera
 * detected one frame in N, after {@code ceil(minHits / N)}: see {@link #setDetectInterval}), gets
 * the next id and emits {@code object_entered}. Ids start at 1 and are never reused. Every
 * confirmed track's box of the frame, matched or (briefly lost) predicted, is in {@link
 * FrameResult#boxes()}. Zone and line events are {@link GeometryMonitor}'s. The whole state can be
 * checkpointed with {@link TrackerStateCodec}.
 *
 * <p>Association ignores classes but for a small extra cost ({@code classMismatchCost}): the
 * detector's class of a partly hidden object flickers, and an object must not turn into a new track
 * each time. A track's class is the confidence-weighted vote of its boxes, and its events report
 * that. A box cut off by an occluder or the frame edge is taken for the partial view it is: the
 * track keeps its full size and velocity, so that its prediction meets the object when it comes out
 * again.
 *
 * <p>Threads: not thread-safe. One instance per stream, used only by the thread that processes that
 * stream (a Flink task thread).
 *
 * <p>Somewhat over 250 lines, a third of them documentation: what is left is the tracks' life
 * (start, confirm, expire) and the public API, whose zone, line and box parts delegate.
 */
public final class StreamTracker {

    private final TrackerConfig config;
    /** Matches that confirm a tentative track: minHits, fewer on a camera detected one frame in N. */
    private int confirmHits;
    private final BoxKalmanFilter kalman = new BoxKalmanFilter();
    private final TrackAssociation association;
    final GeometryMonitor geometry;
    final FrameClock clock;

    /** In creation order, which fixes the order of events within a frame. */
    final List<Track> tracks = new ArrayList<>();

    long nextId = 1;

    /** Frames since the start or the last {@link #closeAll}. */
    long frameCount;

    // The frame's size.
    private int frameWidth;
    private int frameHeight;

    public StreamTracker(TrackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.geometry = new GeometryMonitor(config);
        this.clock = new FrameClock(config.outageLimitMs());
        this.association = new TrackAssociation(config, kalman);
        this.confirmHits = config.minHits();
    }

    /**
     * Tracks one frame's detections.
     *
     * @param timeMs capture time of the frame (ms); intervals may vary
     * @param width frame width in pixels, for the relative zones and lines
     * @param height frame height in pixels
     */
    public FrameResult update(long timeMs, int width, int height, List<TrackInput> detections) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Frame size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(detections, "detections");
        frameWidth = width;
        frameHeight = height;
        frameCount++;
        clock.noteFrame(timeMs);
        long[] ids = new long[detections.size()];
        Arrays.fill(ids, -1);
        List<TrackEvent> events = new ArrayList<>();

        // Leaving first: a track unseen for longer than the timeout cannot be matched again.
        removeExpired(timeMs, events);
        for (Track t : tracks) {
            if (t.confirmed()) {
                geometry.dropRemovedZones(t, timeMs, events);
            }
            // An object moves on during an outage too: the prediction uses the whole gap.
            t.predictTo(
                    kalman,
                    timeMs - t.lastSeenMs,
                    clock.unseenMs(t, timeMs),
                    config.maxPredictionMs(),
                    width,
                    height);
        }
        association.match(tracks, detections, timeMs, width, height, clock, ids);
        tracks.removeIf(t -> !t.confirmed() && !t.matched);
        for (Track t : association.tentatives()) {
            if (t.matched && t.countsHit && ++t.hits >= confirmHits) {
                confirm(t);
                ids[t.matchedDet] = t.id;
            }
        }
        startTracks(detections, timeMs, ids);
        emitEvents(timeMs, width, height, events);
        return new FrameResult(ids, events,
                TrackBoxes.ofFrame(tracks, detections, config.predictedBoxMs(), frameWidth, frameHeight));
    }

    /**
     * Where the confirmed tracks are at {@code timeMs}, for a frame the model did not see (a
     * camera detected every Nth frame): each box predicted from the track's last match, as {@link
     * #update} reports a briefly lost track's, and only for tracks it would report. Changes
     * nothing: no track ages, ends or enters a zone on a prediction (events come from detected
     * frames, where what was predicted is checked).
     */
    public List<TrackBox> predict(long timeMs) {
        return TrackBoxes.predicted(tracks, timeMs, kalman, clock, config, frameWidth, frameHeight);
    }

    /**
     * Ends every track, as when the camera stops: confirmed ones leave their zones and emit {@code
     * object_left} at {@code timeMs}. Ids continue; the gap to the next frame is no outage.
     */
    public List<TrackEvent> closeAll(long timeMs) {
        List<TrackEvent> events = new ArrayList<>();
        for (Track t : tracks) {
            if (t.confirmed()) {
                geometry.leaveAll(t, timeMs, events);
                events.add(t.objectLeft(timeMs));
            }
        }
        tracks.clear();
        frameCount = 0;
        clock.forgetLastFrame();
        return events;
    }

    /**
     * The camera's {@code detect_interval}: the tracker sees one frame in {@code n}. A tentative
     * track is then confirmed after {@code ceil(minHits / n)} matches (at least 1), so after about
     * as many frames as when every frame is detected: counted in detections, confirmation would
     * come n times later and every predicted frame before it would miss the object (on the
     * tracking scene, MOTA 0.89 instead of 0.94 at interval 3: bin/bench-tracker --replay).
     */
    public void setDetectInterval(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("detect interval must be at least 1, got " + n);
        }
        confirmHits = Math.max(1, (config.minHits() + n - 1) / n);
    }

    /**
     * Replaces the zones (matched by name): an unchanged zone keeps its members and emits nothing,
     * a changed one is re-evaluated at each track's next match, a removed one makes its members
     * emit zone_left in the next frame.
     */
    public void setZones(List<Zone> zones) {
        geometry.setZones(Objects.requireNonNull(zones, "zones"));
    }

    /**
     * Replaces the lines; a changed or removed line forgets track sides, a removed line its counts.
     */
    public void setLines(List<Line> lines) {
        geometry.setLines(Objects.requireNonNull(lines, "lines"), tracks);
    }

    public List<Zone> zones() {
        return geometry.zones();
    }

    public List<Line> lines() {
        return geometry.lines();
    }

    /** Confirmed tracks inside each zone now (lost ones included: they are likely occluded). */
    public Map<String, Integer> zoneOccupancy() {
        return geometry.occupancy(tracks);
    }

    /** Crossings per line since the tracker started (or the line was added). */
    public Map<String, LineCount> lineCounts() {
        return geometry.counts();
    }

    /** Confirmed tracks now, tracked or lost. */
    public int confirmedTrackCount() {
        int n = 0;
        for (Track t : tracks) {
            n += t.confirmed() ? 1 : 0;
        }
        return n;
    }

    /** The id the next confirmed track will get. */
    public long nextTrackId() {
        return nextId;
    }

    public TrackerConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- helpers

    /** Starts tracks from the high boxes nobody claimed. */
    private void startTracks(List<TrackInput> detections, long timeMs, long[] ids) {
        for (int k = 0; k < association.unclaimedHighCount(); k++) {
            int i = association.unclaimedHigh(k);
            TrackInput d = detections.get(i);
            if (d.confidence() >= config.newTrackThreshold()) {
                Track t = Track.start(kalman, d, timeMs, frameWidth, frameHeight);
                t.outageAtSeenMs = clock.outageMs;
                t.matchedDet = i;
                tracks.add(t);
                // Unlike ByteTrack, the first frame is no exception: a false positive in it would
                // become a track at once.
                if (confirmHits <= 1) {
                    confirm(t);
                    ids[i] = t.id;
                }
            }
        }
    }

    /**
     * Events of matched confirmed tracks, in track creation order so that replays are identical.
     */
    private void emitEvents(long timeMs, int width, int height, List<TrackEvent> events) {
        for (Track t : tracks) {
            if (t.matched && t.confirmed()) {
                if (t.justConfirmed) {
                    events.add(t.event(Kind.OBJECT_ENTERED, timeMs, "", null, 0));
                }
                geometry.evaluate(t, timeMs, width, height, events);
            }
        }
    }

    private void confirm(Track t) {
        t.id = nextId++;
        t.state = Track.State.TRACKED;
        t.justConfirmed = true;
    }

    /**
     * Removes every track unseen for longer than lostTimeoutMs, outages excepted (see {@link
     * FrameClock#noteFrame}).
     */
    private void removeExpired(long timeMs, List<TrackEvent> events) {
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (clock.unseenMs(t, timeMs) > config.lostTimeoutMs()) {
                if (t.confirmed()) {
                    geometry.leaveAll(t, timeMs, events);
                    events.add(t.objectLeft(timeMs));
                }
                it.remove();
            }
        }
    }
}
