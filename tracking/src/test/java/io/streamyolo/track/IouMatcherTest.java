package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.track.IouMatcher.Overlap;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouMatcherTest {

    private final IouMatcher matcher = new IouMatcher();
    private final int[] trackToDet = new int[4];

    private static Track predicted(int classId, double x1, double y1, double x2, double y2) {
        Track t = new Track();
        t.classId = classId;
        t.predX1 = x1;
        t.predY1 = y1;
        t.predX2 = x2;
        t.predY2 = y2;
        return t;
    }

    private void match(
            List<Track> tracks, List<TrackInput> dets, Overlap overlap, float min, float mismatch) {
        int[] idx = new int[dets.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        matcher.match(tracks, dets, idx, idx.length, overlap, min, mismatch, trackToDet);
    }

    @Test
    void testBoxOfAnotherClassMatchesUnlessGated() {
        List<Track> tracks = List.of(predicted(0, 100, 100, 200, 200));
        List<TrackInput> dets = List.of(new TrackInput(105, 100, 205, 200, 2, 0.9f));
        match(tracks, dets, Overlap.IOU, 0.2f, 0.15f);
        assertThat(trackToDet[0]).isZero();
        match(tracks, dets, Overlap.IOU, 0.2f, 1);
        assertThat(trackToDet[0]).isEqualTo(-1);
    }

    @Test
    void testClassSettlesEqualOverlaps() {
        List<Track> tracks =
                List.of(predicted(0, 100, 100, 200, 200), predicted(1, 140, 100, 240, 200));
        // Both boxes overlap both tracks equally; each goes to the track of its class.
        List<TrackInput> dets =
                List.of(
                        new TrackInput(120, 100, 220, 200, 1, 0.9f),
                        new TrackInput(120, 100, 220, 200, 0, 0.9f));
        match(tracks, dets, Overlap.IOU, 0.2f, 0.15f);
        assertThat(trackToDet).startsWith(1, 0);
    }

    @Test
    void testBetterOverlapBeatsClass() {
        List<Track> tracks =
                List.of(predicted(0, 100, 100, 200, 200), predicted(1, 150, 100, 250, 200));
        // The box of class 1 sits on track 0 (IoU 0.96) and overlaps track 1 of its class less.
        List<TrackInput> dets = List.of(new TrackInput(102, 100, 202, 200, 1, 0.9f));
        match(tracks, dets, Overlap.IOU, 0.2f, 0.15f);
        assertThat(trackToDet).startsWith(0, -1);
    }

    @Test
    void testCoverMatchesSmallBoxInsidePrediction() {
        List<Track> tracks = List.of(predicted(0, 100, 100, 200, 200));
        // A fifth of the predicted box: IoU 0.2 at best, but wholly inside.
        List<TrackInput> dets = List.of(new TrackInput(180, 110, 200, 190, 0, 0.9f));
        match(tracks, dets, Overlap.IOU, 0.2f, 0.15f);
        assertThat(trackToDet[0]).isEqualTo(-1);
        match(tracks, dets, Overlap.COVER, 0.4f, 0.15f);
        assertThat(trackToDet[0]).isZero();
        // Mostly outside the prediction: no.
        match(
                tracks,
                List.of(new TrackInput(190, 110, 230, 190, 0, 0.9f)),
                Overlap.COVER,
                0.4f,
                0.15f);
        assertThat(trackToDet[0]).isEqualTo(-1);
    }
}
