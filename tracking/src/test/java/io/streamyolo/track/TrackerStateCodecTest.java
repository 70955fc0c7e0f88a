package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerStateCodecTest {

    private static final List<Zone> ZONES =
            List.of(
                    new Zone(
                            "left half",
                            List.of(
                                    new Point(0, 0),
                                    new Point(0.5, 0),
                                    new Point(0.5, 1),
                                    new Point(0, 1))),
                    new Zone(
                            "band",
                            List.of(
                                    new Point(0, 0.4),
                                    new Point(1, 0.4),
                                    new Point(1, 0.7),
                                    new Point(0, 0.7))));
    private static final List<Line> LINES =
            List.of(
                    new Line("vertical", new Point(0.5, 0), new Point(0.5, 1), InSide.RIGHT),
                    new Line("horizontal", new Point(0, 0.5), new Point(1, 0.5), InSide.LEFT));

    @Test
    void testRestoredTrackerContinuesExactly() throws IOException {
        TrackerConfig config = TrackerConfig.defaults();
        StreamTracker original = new StreamTracker(config);
        original.setZones(ZONES);
        original.setLines(LINES);
        Scene scene = new Scene(1280, 720, 11).addRandom(8, 300);
        long time = 0;
        int eventsBefore = 0;
        for (int f = 0; f < 150; f++) {
            eventsBefore +=
                    original.update(time, scene.width, scene.height, scene.observe(2, 0.1))
                            .events()
                            .size();
            time += 33 + (f % 5) * 10;
            scene.advance(33 + (f % 5) * 10);
        }
        byte[] bytes = TrackerStateCodec.encode(original);
        StreamTracker restored = TrackerStateCodec.decode(bytes, config);
        // The job sends its settings again after a restore: unchanged, they must change nothing.
        restored.setZones(ZONES);
        restored.setLines(LINES);
        assertThat(TrackerStateCodec.encode(restored)).isEqualTo(bytes);
        assertThat(restored.zoneOccupancy()).isEqualTo(original.zoneOccupancy());
        assertThat(restored.lineCounts()).isEqualTo(original.lineCounts());

        int eventsAfter = 0;
        for (int f = 150; f < 300; f++) {
            List<TrackInput> dets = scene.observe(2, 0.1);
            FrameResult a = original.update(time, scene.width, scene.height, dets);
            FrameResult b = restored.update(time, scene.width, scene.height, dets);
            assertThat(b.trackIds()).as("frame %d", f).containsExactly(a.trackIds());
            assertThat(b.events()).as("frame %d", f).isEqualTo(a.events());
            eventsAfter += a.events().size();
            time += 33 + (f % 5) * 10;
            scene.advance(33 + (f % 5) * 10);
        }
        assertThat(restored.closeAll(time)).isEqualTo(original.closeAll(time));
        assertThat(TrackerStateCodec.encode(restored))
                .isEqualTo(TrackerStateCodec.encode(original));
        // The scenario must actually exercise zones and lines on both sides of the snapshot.
        assertThat(eventsBefore).isGreaterThan(10);
        assertThat(eventsAfter).isGreaterThan(10);
        assertThat(original.lineCounts().values()).anyMatch(c -> c.in() + c.out() > 0);
    }

    /**
     * A version 1 state, written by the version 1 code: a stream with line "mid", a confirmed track
     * (id 1, class 1, three frames at 40 ms moving right from (200, 300), 60x60, confidence 0.9)
     * and a tentative one (class 3 at (700, 300)), frame size 1280x720.
     */
    private static final String VERSION_1_STATE =
            "U1lUUgAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAAEAA21pZD/gAAAAAAAAAAAAAAAAAAA/4AAAAAAA"
                + "AD/wAAAAAAAAAARMRUZUAA1CT1RUT01fQ0VOVEVSAAAAAQADbWlkAAAAAAAAAAAAAAAAAAAAAAAAAAIA"
                + "AAAAAAAAAQAAAAEAB1RSQUNLRUQAAAABAAAAAAAAAAAAAAAAAAAAUD9mZmY/ZmZmQz4AAEOHAABDegAA"
                + "Q6UAAEBrTHowFEsHQHLAAAAAAABATgAAAAAAAEBOAAAAAAAAQGIaYv9YRQAAAAAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAABAHTKIWRROVAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEBUqiRVBBHGAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAQB0yiFkUTlQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAVKokVQQRxgAAAAAAAAAA"
                + "AAAAAAAAAABAHTKIWRROVAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEBUqiRVBBHGAAAAAAAAAABAHTKI"
                + "WRROVAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEBUqiRVBBHGQLXEdf/wnKUAAAAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAABAtcR1//CcpQAAAAAAAAAAAAAAAAAAAABAtcR1//CcpQAAAAAAAAAAQLXEdf/wnKUAAAAA"
                + "AAAAAQADbWlk/////z/F1sgmdqJsP91VVVVVVVUAAAAAAAAAAAAAAAAAAAADAAlURU5UQVRJVkUAAAAB"
                + "AAAAAAAAAFAAAAAAAAAAUD9MzM0/TMzNRCeAAEOHAABENoAAQ6UAAECF4AAAAAAAQHLAAAAAAABATgAA"
                + "AAAAAEBOAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQgAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQgAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAQMi4IAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAyLggAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAABAyLggAAAAAAAAAAAAAAAAQMi4IAAAAAAAAAAAAAAAAA==";

    @Test
    void testVersion1StateIsReadAndGoesOn() throws IOException {
        byte[] bytes = Base64.getDecoder().decode(VERSION_1_STATE);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(1);
        StreamTracker restored = TrackerStateCodec.decode(bytes, TrackerConfig.defaults());
        assertThat(restored.nextTrackId()).isEqualTo(2);
        assertThat(restored.confirmedTrackCount()).isEqualTo(1);
        assertThat(restored.lines()).extracting(Line::name).containsExactly("mid");
        // The track goes on; a box of another class neither ends nor renames it (its class had a
        // vote of its best confidence), and the tentative track is confirmed at its second hit.
        FrameResult r =
                restored.update(
                        120,
                        1280,
                        720,
                        List.of(
                                Scene.box(230, 300, 60, 60, 2, 0.8),
                                Scene.box(700, 300, 60, 60, 3, 0.8)));
        assertThat(r.trackIds()).containsExactly(1, 2);
        assertThat(r.events())
                .extracting(TrackEvent::kind, TrackEvent::trackId, TrackEvent::classId)
                .containsExactly(tuple(TrackEvent.Kind.OBJECT_ENTERED, 2L, 3));
        assertThat(restored.closeAll(200))
                .extracting(TrackEvent::trackId, TrackEvent::classId)
                .containsExactly(tuple(1L, 1), tuple(2L, 3));
        // Written back in the current version.
        byte[] current = TrackerStateCodec.encode(restored);
        assertThat(ByteBuffer.wrap(current).getInt(4)).isEqualTo(TrackerStateCodec.VERSION);
    }

    @Test
    void testClassVotesAndFullSizeSurviveRoundTrip() throws IOException {
        StreamTracker original = new StreamTracker(TrackerConfig.defaults());
        for (int f = 0; f < 5; f++) {
            original.update(
                    f * 40L, 1280, 720, List.of(Scene.box(200 + 10 * f, 300, 60, 60, f % 2, 0.9)));
        }
        byte[] bytes = TrackerStateCodec.encode(original);
        StreamTracker restored = TrackerStateCodec.decode(bytes, TrackerConfig.defaults());
        Track a = original.tracks.get(0);
        Track b = restored.tracks.get(0);
        assertThat(b.classId).isEqualTo(a.classId).isZero();
        assertThat(b.votes.count).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(b.votes.weights, 2))
                .containsExactly(java.util.Arrays.copyOf(a.votes.weights, 2));
        assertThat(b.fullW).isEqualTo(a.fullW).isPositive();
        assertThat(b.fullH).isEqualTo(a.fullH).isPositive();
        assertThat(TrackerStateCodec.encode(restored)).isEqualTo(bytes);
    }

    @Test
    void testEmptyTrackerRoundTrip() throws IOException {
        StreamTracker empty = new StreamTracker(TrackerConfig.defaults());
        StreamTracker restored =
                TrackerStateCodec.decode(TrackerStateCodec.encode(empty), TrackerConfig.defaults());
        assertThat(restored.nextTrackId()).isEqualTo(1);
        assertThat(restored.zones()).isEmpty();
        assertThat(restored.confirmedTrackCount()).isZero();
    }

    @Test
    void testUnknownVersionIsRejected() {
        byte[] bytes = TrackerStateCodec.encode(new StreamTracker(TrackerConfig.defaults()));
        ByteBuffer.wrap(bytes).putInt(4, TrackerStateCodec.VERSION + 1);
        assertThatThrownBy(() -> TrackerStateCodec.decode(bytes, TrackerConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version " + (TrackerStateCodec.VERSION + 1));
    }

    @Test
    void testTruncatedOrForeignBytesAreRejected() {
        StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
        tracker.setZones(ZONES);
        byte[] bytes = TrackerStateCodec.encode(tracker);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> TrackerStateCodec.decode(truncated, TrackerConfig.defaults()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(
                        () ->
                                TrackerStateCodec.decode(
                                        new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                                        TrackerConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Not a tracker state");
    }

    @Test
    void testOutageStateSurvivesRestoreAndTheRestoreGapIsAnOutage() throws IOException {
        StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
        long t = 0;
        for (int f = 0; f < 30; f++, t += 66) {
            tracker.update(t, 1920, 1080, List.of(Scene.box(500, 500, 60, 150, 0, 0.9)));
        }
        // An outage of 3 s before the checkpoint: the tracker has noted it.
        t += 3000;
        tracker.update(t, 1920, 1080, List.of(Scene.box(500, 500, 60, 150, 0, 0.9)));
        assertThat(tracker.clock.outageMs).isPositive();
        byte[] bytes = TrackerStateCodec.encode(tracker);
        StreamTracker restored = TrackerStateCodec.decode(bytes, TrackerConfig.defaults());
        assertThat(restored.clock.outageMs).isEqualTo(tracker.clock.outageMs);
        assertThat(restored.clock.lastFrameMs).isEqualTo(tracker.clock.lastFrameMs);
        assertThat(restored.clock.frameIntervalMs).isEqualTo(tracker.clock.frameIntervalMs);
        assertThat(TrackerStateCodec.encode(restored)).isEqualTo(bytes);
        // The job restarts from the checkpoint 4 s later (longer than the lost timeout): the gap
        // is an outage, the object still there keeps its id and nothing leaves or enters.
        FrameResult r =
                restored.update(t + 4000, 1920, 1080, List.of(Scene.box(500, 500, 60, 150, 0, 0.9)));
        assertThat(r.trackIds()).containsExactly(1);
        assertThat(r.events()).isEmpty();
    }

    /**
     * A version 2 state (the codec before outages and hysteresis): written by that code from 10
     * frames at 66 ms of a 60x60 box moving right at 10 px per frame from x 200 (track 1, in zone
     * "left", on the out side of line "mid") and, in the last frame, a new box at x 900 (tentative).
     */
    private static final String VERSION_2_STATE =
            "U1lUUgAAAAIAAAAAAAAAAgAAAAAAAAAKAAAAAQAEbGVmdAANQk9UVE9NX0NFTlRFUgAAAAQAAAAAAAAAAAAAAAAAAA"
                    + "AAP+AAAAAAAAAAAAAAAAAAAD/gAAAAAAAAP/AAAAAAAAAAAAAAAAAAAD/wAAAAAAAAAAAAAQADbWlkP+AAAAAAAAAA"
                    + "AAAAAAAAAD/gAAAAAAAAP/AAAAAAAAAABVJJR0hUAA1CT1RUT01fQ0VOVEVSAAAAAQADbWlkAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAIAAAAAAAAAAQAAAAAAB1RSQUNLRUQAAAABAAAAAAAAAAAAAAAAAAACUj9mZmY/ZmZmQ5EAAEOHAABDrwAA"
                    + "Q6UAAEBz/roxfhtnQHLAAAAAAABATgAAAAAAAEBOAAAAAAAAQGKKk6VwuyYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "BAHGW7Kz75xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEA21c2F800OAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQBxl"
                    + "uys++cQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABANtXNhfNNDgAAAAAAAAAAAAAAAAAAAABAHGW7Kz75xAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAEA21c2F800OAAAAAAAAAABAHGW7Kz75xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEA2"
                    + "1c2F800OQJOuZKo65+gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAk65kqjrn6AAAAAAAAAAAAAAAAAAAAABAk65kqj"
                    + "rn6AAAAAAAAAAAQJOuZKo65+gAAAABAARsZWZ0AAAAAQEAAAABAANtaWQAAAABP8/99rWWkj4/3VVVVVVVVQAAAABC"
                    + "cAAAQnAAAAAAAAEAAAAAQRAAAAAAAAAAAAAAAAAAAQAJVEVOVEFUSVZFAAAAAQAAAAAAAAJSAAAAAAAAAlI/ZmZmP2"
                    + "ZmZkRhAABDhwAARHAAAEOlAABAjRAAAAAAAEBywAAAAAAAQE4AAAAAAABATgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAQEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAEBCAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "QEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAEDIuCAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQMi4IAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAQMi4IAAAAAAAAAAAAAAAAEDIuCAAAAAAAAAAAAAAAABCcAAAQnAAAAAAAAEAAAABP2ZmZg==";

    @Test
    void testVersion2StateIsReadAndGoesOn() throws IOException {
        byte[] bytes = Base64.getDecoder().decode(VERSION_2_STATE);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(2);
        StreamTracker restored = TrackerStateCodec.decode(bytes, TrackerConfig.defaults());
        assertThat(restored.nextTrackId()).isEqualTo(2);
        assertThat(restored.clock.outageMs).isZero();
        List<TrackEvent> events = new ArrayList<>();
        for (int f = 10; f < 60; f++) {
            FrameResult r =
                    restored.update(
                            f * 66L,
                            1280,
                            720,
                            List.of(
                                    new TrackInput(200 + 10 * f, 270, 260 + 10 * f, 330, 0, 0.9f),
                                    new TrackInput(900, 270, 960, 330, 1, 0.9f)));
            // The track goes on, the tentative one is confirmed at its second hit.
            assertThat(r.trackIds()).containsExactly(1, 2);
            events.addAll(r.events());
        }
        // Crossing x 640 (the line, the zone's border) once: one crossing, one zone exit.
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::trackId, TrackEvent::target)
                .containsExactly(
                        tuple(TrackEvent.Kind.OBJECT_ENTERED, 2L, ""),
                        tuple(TrackEvent.Kind.ZONE_LEFT, 1L, "left"),
                        tuple(TrackEvent.Kind.LINE_CROSSED, 1L, "mid"));
        byte[] current = TrackerStateCodec.encode(restored);
        assertThat(ByteBuffer.wrap(current).getInt(4)).isEqualTo(TrackerStateCodec.VERSION);
    }
}
