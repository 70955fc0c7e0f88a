package io.streamyolo.track;

import static io.streamyolo.track.Scene.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamyolo.track.TrackEvent.Direction;
import io.streamyolo.track.TrackEvent.Kind;
import io.streamyolo.track.zone.Anchor;
import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Zone and line events, driven through {@link StreamTracker}. */
class GeometryMonitorTest {

    private static final int W = 1000;
    private static final int H = 1000;

    /**
     * Horizontal line across the middle; LEFT of a→b (pointing right) is the upper half on screen.
     */
    private static final Line MIDDLE =
            new Line("middle", new Point(0.2, 0.5), new Point(0.8, 0.5), InSide.LEFT);

    /** The lower-left quarter of the frame. */
    private static final Zone LOWER_LEFT =
            new Zone(
                    "lower left",
                    List.of(
                            new Point(0, 0.5),
                            new Point(0.5, 0.5),
                            new Point(0.5, 1),
                            new Point(0, 1)));

    private final StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
    private final List<TrackEvent> events = new ArrayList<>();
    private long time;

    /** One frame with one person whose feet (bottom centre) are at (x, feetY). */
    private void person(double x, double feetY) {
        FrameResult r = tracker.update(time, W, H, List.of(box(x, feetY - 100, 60, 200, 0, 0.9)));
        events.addAll(r.events());
        time += 40;
    }

    private List<TrackEvent> of(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void testLineCrossingCountedOncePerCrossingWithDirection() {
        tracker.setLines(List.of(MIDDLE));
        for (double y = 300; y <= 700; y += 10) {
            person(500, y); // downwards: from the in side to the out side
        }
        for (double y = 700; y >= 300; y -= 10) {
            person(500, y); // and back up
        }
        assertThat(of(Kind.LINE_CROSSED))
                .extracting(
                        TrackEvent::target,
                        TrackEvent::direction,
                        TrackEvent::occurrence,
                        TrackEvent::trackId)
                .containsExactly(
                        tuple("middle", Direction.OUT, 0, 1L),
                        tuple("middle", Direction.IN, 1, 1L));
        assertThat(tracker.lineCounts()).containsEntry("middle", new LineCount(1, 1));
    }

    @Test
    void testJitterAcrossLineCountsOnce() {
        tracker.setLines(List.of(MIDDLE));
        Random random = new Random(7);
        for (double y = 400; y < 500; y += 10) {
            person(500, y);
        }
        // Standing on the line for 4 s, feet jittering ±4 px across it.
        for (int i = 0; i < 100; i++) {
            person(500 + random.nextGaussian() * 2, 500 + (random.nextDouble() - 0.5) * 8);
        }
        for (double y = 500; y <= 600; y += 10) {
            person(500, y);
        }
        assertThat(of(Kind.LINE_CROSSED))
                .extracting(TrackEvent::direction)
                .containsExactly(Direction.OUT);
        assertThat(tracker.lineCounts()).containsEntry("middle", new LineCount(0, 1));
    }

    @Test
    void testPassingBesideTheSegmentIsNoCrossing() {
        tracker.setLines(List.of(MIDDLE));
        for (double y = 300; y <= 700; y += 10) {
            person(900, y); // x = 0.9, beyond the segment's end at 0.8
        }
        assertThat(of(Kind.LINE_CROSSED)).isEmpty();
        assertThat(tracker.lineCounts()).containsEntry("middle", new LineCount(0, 0));
    }

    @Test
    void testZoneEnterAndLeaveUseBottomCenter() {
        tracker.setZones(
                List.of(
                        LOWER_LEFT,
                        new Zone("lower left centre", LOWER_LEFT.polygon(), Anchor.CENTER)));
        // Feet at y = 560: inside the zone (y >= 500) while the box centre (460) is not.
        person(200, 560);
        person(200, 560);
        assertThat(tracker.zoneOccupancy())
                .containsEntry("lower left", 1)
                .containsEntry("lower left centre", 0);
        // Walk right at 250 px/s, out of the zone (x > 500), turn and walk back in.
        for (double x = 200; x <= 800; x += 10) {
            person(x, 560);
        }
        for (double x = 800; x >= 200; x -= 10) {
            person(x, 560);
        }
        assertThat(events)
                .filteredOn(e -> e.kind() == Kind.ZONE_ENTERED || e.kind() == Kind.ZONE_LEFT)
                .extracting(TrackEvent::kind, TrackEvent::target, TrackEvent::occurrence)
                .containsExactly(
                        tuple(Kind.ZONE_ENTERED, "lower left", 0),
                        tuple(Kind.ZONE_LEFT, "lower left", 0),
                        tuple(Kind.ZONE_ENTERED, "lower left", 1));
        assertThat(events.get(0).kind()).isEqualTo(Kind.OBJECT_ENTERED);
    }

    @Test
    void testZoneLeftComesBeforeObjectLeft() {
        tracker.setZones(List.of(LOWER_LEFT));
        for (int i = 0; i < 10; i++) {
            person(200, 700);
        }
        // Frames keep coming, without the object: after the lost timeout it leaves.
        for (int i = 0; i < 50; i++) {
            time += 40;
            events.addAll(tracker.update(time, W, H, List.of()).events());
        }
        assertThat(events)
                .extracting(TrackEvent::kind)
                .containsExactly(
                        Kind.OBJECT_ENTERED, Kind.ZONE_ENTERED, Kind.ZONE_LEFT, Kind.OBJECT_LEFT);
        assertThat(events.get(3).summary().zonesVisited()).containsExactly("lower left");
        assertThat(tracker.zoneOccupancy()).containsEntry("lower left", 0);
    }

    @Test
    void testResettingUnchangedZonesEmitsNothing() {
        tracker.setZones(List.of(LOWER_LEFT));
        tracker.setLines(List.of(MIDDLE));
        person(200, 700);
        person(200, 700);
        int before = events.size();
        tracker.setZones(
                List.of(new Zone(LOWER_LEFT.name(), LOWER_LEFT.polygon(), LOWER_LEFT.anchor())));
        tracker.setLines(List.of(MIDDLE));
        person(200, 700);
        assertThat(events).hasSize(before);
        assertThat(tracker.zoneOccupancy()).containsEntry("lower left", 1);
    }

    @Test
    void testRemovedZoneEmitsZoneLeftAtNextFrame() {
        tracker.setZones(List.of(LOWER_LEFT));
        person(200, 700);
        person(200, 700);
        tracker.setZones(List.of());
        person(200, 700);
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::target)
                .containsExactly(
                        tuple(Kind.OBJECT_ENTERED, ""),
                        tuple(Kind.ZONE_ENTERED, "lower left"),
                        tuple(Kind.ZONE_LEFT, "lower left"));
        assertThat(tracker.zoneOccupancy()).isEmpty();
    }

    @Test
    void testChangedZoneIsReevaluated() {
        tracker.setZones(List.of(LOWER_LEFT));
        person(200, 700);
        person(200, 700);
        Zone moved =
                new Zone(
                        "lower left",
                        List.of(new Point(0.5, 0.5), new Point(1, 0.5), new Point(1, 1)));
        tracker.setZones(List.of(moved));
        // Outside the moved zone: the exit counts once it has held (holdMs).
        for (int i = 0; i < 5; i++) {
            person(200, 700);
        }
        assertThat(events)
                .extracting(TrackEvent::kind)
                .containsExactly(Kind.OBJECT_ENTERED, Kind.ZONE_ENTERED, Kind.ZONE_LEFT);
    }
}
