package io.streamyolo.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamyolo.scene.MotMetrics.Box;
import io.streamyolo.scene.MotMetrics.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotMetricsTest {

    /** A 10x10 box of class 0 at (x, y). */
    private static Box box(int id, float x, float y) {
        return new Box(id, 0, x, y, x + 10, y + 10);
    }

    /** Two objects, 1 and 2, far apart and moving right one pixel per frame. */
    private static List<Box> twoObjects(int frame) {
        return List.of(box(1, frame, 0), box(2, frame, 100));
    }

    @Test
    void testPerfectTrackerScoresOne() {
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < 10; f++) {
            metrics.addFrame(f, twoObjects(f), List.of(box(100, f, 0), box(101, f, 100)));
        }
        Result r = metrics.result();
        assertThat(r.mota()).isEqualTo(1.0);
        assertThat(r.idf1()).isEqualTo(1.0);
        assertThat(r.motp()).isEqualTo(1.0);
        assertThat(r.matches()).isEqualTo(20);
        assertThat(r.falseNegatives() + r.falsePositives() + r.idSwitches() + r.fragmentations()).isZero();
        assertThat(r.gtObjects()).isEqualTo(2);
        assertThat(r.tracks()).isEqualTo(2);
        assertThat(r.mostlyTracked()).isEqualTo(2);
        assertThat(r.toString()).startsWith("MOTA 1.000 IDF1 1.000");
    }

    @Test
    void testTrackIdChangeIsOneSwitch() {
        // One object for 10 frames; the tracker calls it 7 in frames 0-4 and 8 in frames 5-9.
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < 10; f++) {
            metrics.addFrame(f, List.of(box(1, f, 0)), List.of(box(f < 5 ? 7 : 8, f, 0)));
        }
        Result r = metrics.result();
        assertThat(r.idSwitches()).isEqualTo(1);
        assertThat(r.mota()).isCloseTo(1 - 1 / 10.0, within(1e-9));
        // Object 1 pairs with track 7 or 8 for 5 frames: IDTP 5, IDFN 5, IDFP 5 (the other track).
        assertThat(r.idtp()).isEqualTo(5);
        assertThat(r.idfp()).isEqualTo(5);
        assertThat(r.idfn()).isEqualTo(5);
        assertThat(r.idf1()).isCloseTo(0.5, within(1e-9));
        assertThat(r.fragmentations()).isZero();
    }

    @Test
    void testSwapOfTwoTracksInTheMiddle() {
        // Tracks 100 and 101 follow objects 1 and 2 for 6 frames, then swap for the last 4.
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < 10; f++) {
            int a = f < 6 ? 100 : 101;
            int b = f < 6 ? 101 : 100;
            metrics.addFrame(f, twoObjects(f), List.of(box(a, f, 0), box(b, f, 100)));
        }
        Result r = metrics.result();
        assertThat(r.idSwitches()).isEqualTo(2);
        assertThat(r.mota()).isCloseTo(1 - 2 / 20.0, within(1e-9));
        // Best global pairing keeps the first 6 frames of each: IDTP 12 of 20 boxes each side.
        assertThat(r.idtp()).isEqualTo(12);
        assertThat(r.idf1()).isCloseTo(2 * 12 / 40.0, within(1e-9));
        assertThat(r.idp()).isCloseTo(0.6, within(1e-9));
        assertThat(r.idr()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void testMissedFrameIsFalseNegativeAndFragmentation() {
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < 10; f++) {
            metrics.addFrame(f, List.of(box(1, f, 0)), f == 4 ? List.of() : List.of(box(7, f, 0)));
        }
        Result r = metrics.result();
        assertThat(r.falseNegatives()).isEqualTo(1);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.idSwitches()).isZero();
        assertThat(r.fragmentations()).isEqualTo(1);
        assertThat(r.mota()).isCloseTo(0.9, within(1e-9));
        assertThat(r.idf1()).isCloseTo(2 * 9 / 19.0, within(1e-9));
    }

    @Test
    void testGapWhenTheObjectIsNotInTheTruthIsNoFragmentation() {
        // The object is hidden in frames 4-6 (not in the truth) and the track coasts through.
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < 10; f++) {
            boolean hidden = f >= 4 && f <= 6;
            metrics.addFrame(f, hidden ? List.of() : List.of(box(1, f, 0)), hidden ? List.of() : List.of(box(7, f, 0)));
        }
        Result r = metrics.result();
        assertThat(r.fragmentations()).isZero();
        assertThat(r.mota()).isEqualTo(1.0);
        assertThat(r.gt()).isEqualTo(7);
    }

    @Test
    void testOnlyTheFramesAddedCount() {
        MotMetrics metrics = new MotMetrics();
        for (int f = 9; f >= 0; f -= 3) {
            metrics.addFrame(f, twoObjects(f), List.of(box(100, f, 0), box(101, f, 100)));
        }
        Result r = metrics.result();
        assertThat(r.frames()).isEqualTo(4);
        assertThat(r.gt()).isEqualTo(8);
        assertThat(r.mota()).isEqualTo(1.0);
    }

    @Test
    void testExtraAndMisplacedBoxes() {
        MotMetrics metrics = new MotMetrics();
        // Frame 0: an extra track box far away. Frame 1: the box is off by 5 px (IoU 1/3).
        metrics.addFrame(0, List.of(box(1, 0, 0)), List.of(box(7, 0, 0), box(8, 200, 200)));
        metrics.addFrame(1, List.of(box(1, 0, 0)), List.of(box(7, 5, 0)));
        Result r = metrics.result();
        assertThat(r.matches()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falseNegatives()).isEqualTo(1);
        assertThat(r.mota()).isCloseTo(1 - 3 / 2.0, within(1e-9));
    }

    @Test
    void testPreviousMatchIsKeptWhileItStillOverlaps() {
        // Frame 1: track 8 fits object 1 better, but track 7 (its match in frame 0) still has IoU
        // 2/3: CLEAR-MOT keeps 7, so no switch and 8 is a false positive.
        MotMetrics metrics = new MotMetrics();
        metrics.addFrame(0, List.of(box(1, 0, 0)), List.of(box(7, 0, 0)));
        metrics.addFrame(1, List.of(box(1, 0, 0)), List.of(box(7, 2, 0), box(8, 0, 0)));
        Result r = metrics.result();
        assertThat(r.idSwitches()).isZero();
        assertThat(r.falsePositives()).isEqualTo(1);
    }

    @Test
    void testClassAwareMatching() {
        List<Box> truth = List.of(new Box(1, 2, 0, 0, 10, 10));
        List<Box> hyps = List.of(new Box(7, 3, 0, 0, 10, 10));
        assertThat(new MotMetrics().addFrame(0, truth, hyps).result().matches()).isEqualTo(1);
        assertThat(new MotMetrics(0.5f, true).addFrame(0, truth, hyps).result().matches()).isZero();
    }

    @Test
    void testBoxOnAnIgnoredObjectIsNeitherMatchNorFalsePositive() {
        MotMetrics metrics = new MotMetrics();
        metrics.addFrame(0, List.of(box(1, 0, 0)), List.of(box(2, 50, 0)), List.of(box(7, 0, 0), box(8, 50, 0)));
        Result r = metrics.result();
        assertThat(r.matches()).isEqualTo(1);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.hypotheses()).isEqualTo(1);
        assertThat(r.idf1()).isEqualTo(1.0);
    }

    @Test
    void testHungarianBeatsGreedy() {
        // Greedy by IoU would pair row 1 with column 0 (0.9) and leave row 0 alone.
        double[][] weights = {{0.55, 0}, {0.9, 0.6}};
        assertThat(HungarianAssignment.maximise(weights, 2)).containsExactly(0, 1);
        // Rectangular both ways; zero weight never pairs.
        assertThat(HungarianAssignment.maximise(new double[][] {{0, 0.7, 0.8}}, 3)).containsExactly(2);
        assertThat(HungarianAssignment.maximise(new double[][] {{0.6}, {0.7}, {0}}, 1)).containsExactly(-1, 0, -1);
        assertThat(HungarianAssignment.maximise(new double[][] {{0, 0}, {0, 0}}, 2)).containsExactly(-1, -1);
    }

    @Test
    void testSceneGroundTruthAsTrackerScoresOne() {
        // An oracle tracker that outputs the visible ground truth under other ids.
        TrackingScene scene = TrackingScene.standard(5, 640, 360, 600, 15);
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < scene.frames(); f += 2) {
            List<TrackedBox> truth = scene.groundTruth(f);
            List<Box> tracks = new ArrayList<>();
            for (TrackedBox b : truth) {
                if (b.visible()) {
                    tracks.add(new Box(1000 + b.objectId(), b.classId(), b.x1(), b.y1(), b.x2(), b.y2()));
                }
            }
            metrics.addSceneFrame(f, truth, tracks);
        }
        Result r = metrics.result();
        assertThat(r.mota()).as("%s", r).isEqualTo(1.0);
        assertThat(r.idf1()).isEqualTo(1.0);
        assertThat(r.gtObjects()).isEqualTo(scene.objectCount());
    }

    @Test
    void testRejectsDuplicates() {
        MotMetrics metrics = new MotMetrics().addFrame(0, List.of(), List.of());
        assertThatThrownBy(() -> metrics.addFrame(0, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.addFrame(1, List.of(box(1, 0, 0), box(1, 50, 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
