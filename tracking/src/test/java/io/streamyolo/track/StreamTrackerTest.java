package io.streamyolo.track;

import static io.streamyolo.track.Scene.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamyolo.track.TrackEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTrackerTest {

    private static final int W = 1920;
    private static final int H = 1080;

    private final StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
    private final List<TrackEvent> events = new ArrayList<>();

    private long[] frame(long timeMs, TrackInput... dets) {
        FrameResult r = tracker.update(timeMs, W, H, List.of(dets));
        events.addAll(r.events());
        return r.trackIds();
    }

    /** Empty frames every 40 ms after {@code fromMs} up to {@code toMs}: the object is gone. */
    private void emptyFrames(long fromMs, long toMs) {
        for (long t = fromMs + 40; t <= toMs; t += 40) {
            frame(t);
        }
    }

    private List<Kind> kinds() {
        return events.stream().map(TrackEvent::kind).toList();
    }

    @Test
    void testSingleObjectKeepsIdOver100Frames() {
        for (int f = 0; f < 100; f++) {
            long[] ids = frame(f * 33L, box(100 + 8 * f, 500 + 2 * f, 60, 150, 0, 0.9));
            assertThat(ids).containsExactly(f == 0 ? -1 : 1);
        }
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
        assertThat(tracker.nextTrackId()).isEqualTo(2);
    }

    @Test
    void testDetectIntervalConfirmsAfterAboutAsManyFramesAsEveryFrame() {
        // minHits = 2 frames of evidence; at interval 3 one detection stands for 3 frames.
        tracker.setDetectInterval(3);
        assertThat(frame(0, box(300, 300, 60, 150, 0, 0.9))).containsExactly(1);
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
        assertThat(tracker.predict(66)).extracting(TrackBox::trackId).containsExactly(1L);
        // Back to every frame: a newcomer needs minHits detections again.
        tracker.setDetectInterval(1);
        assertThat(frame(100, box(300, 300, 60, 150, 0, 0.9), box(900, 300, 60, 150, 0, 0.9)))
                .containsExactly(1, -1);
        assertThat(frame(133, box(300, 300, 60, 150, 0, 0.9), box(900, 300, 60, 150, 0, 0.9)))
                .containsExactly(1, 2);
        assertThatThrownBy(() -> tracker.setDetectInterval(0)).hasMessageContaining("at least 1");
    }

    @Test
    void testFirstFrameNeedsMinHitsLikeAnyOther() {
        // A stream's first box is tentative like any other (minHits = 2): a false positive in the
        // first frame must not become a track.
        assertThat(frame(0, box(300, 300, 60, 150, 0, 0.9))).containsExactly(-1);
        assertThat(frame(20, box(300, 300, 60, 150, 0, 0.9))).containsExactly(1);
        // A newcomer in a later frame is tentative first, then gets the next id.
        assertThat(frame(33, box(300, 300, 60, 150, 0, 0.9), box(900, 300, 60, 150, 0, 0.9)))
                .containsExactly(1, -1);
        assertThat(frame(66, box(300, 300, 60, 150, 0, 0.9), box(900, 300, 60, 150, 0, 0.9)))
                .containsExactly(1, 2);
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::trackId, TrackEvent::timeMs)
                .containsExactly(
                        tuple(Kind.OBJECT_ENTERED, 1L, 20L), tuple(Kind.OBJECT_ENTERED, 2L, 66L));
    }

    @Test
    void testFlickerNeverGetsAnId() {
        frame(0);
        frame(33, box(500, 500, 60, 150, 0, 0.9));
        frame(66);
        frame(99);
        assertThat(events).isEmpty();
        assertThat(tracker.nextTrackId()).isEqualTo(1);
    }

    @Test
    void testCrossingObjectsKeepTheirIds() {
        long[] first = null;
        for (int f = 0; f < 80; f++) {
            long t = f * 33L;
            // A moves right, B moves left along nearly the same row; they overlap for several
            // frames.
            TrackInput a = box(300 + 10 * f, 500, 60, 150, 0, 0.9);
            TrackInput b = box(1100 - 10 * f, 510, 60, 150, 0, 0.9);
            long[] ids = frame(t, a, b);
            if (f == 0) {
                continue; // tentative
            }
            if (first == null) {
                first = ids;
            }
            assertThat(ids).as("frame %d", f).containsExactly(first);
        }
        assertThat(first).containsExactly(1, 2);
    }

    @Test
    void testShortOcclusionKeepsId() {
        for (int f = 0; f < 20; f++) {
            frame(f * 33L, box(200 + 10 * f, 500, 60, 150, 0, 0.9));
        }
        for (int f = 20; f < 25; f++) {
            assertThat(frame(f * 33L)).isEmpty();
        }
        for (int f = 25; f < 40; f++) {
            assertThat(frame(f * 33L, box(200 + 10 * f, 500, 60, 150, 0, 0.9))).containsExactly(1);
        }
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
    }

    @Test
    void testLongOcclusionEmitsObjectLeftThenNewId() {
        for (int f = 0; f < 20; f++) {
            frame(f * 33L, box(500, 500, 60, 150, 0, 0.9));
        }
        // Hidden for 2 s > lostTimeoutMs (1.5 s), frames keep coming.
        for (int f = 20; f < 80; f++) {
            frame(f * 33L);
        }
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED, Kind.OBJECT_LEFT);
        TrackEvent left = events.get(1);
        assertThat(left.trackId()).isEqualTo(1);
        assertThat(left.timeMs() - 19 * 33L).isGreaterThan(1500).isLessThanOrEqualTo(1533);
        frame(80 * 33L, box(500, 500, 60, 150, 0, 0.9));
        assertThat(frame(81 * 33L, box(500, 500, 60, 150, 0, 0.9))).containsExactly(2);
    }

    @Test
    void testVariableFrameIntervalsKeepId() {
        // 120 px/s to the right: after a 1 s gap the box has moved 120 px, twice its width.
        long t = 0;
        for (int f = 0; f < 30; f++, t += 33) {
            frame(t, box(200 + 0.12 * t, 500, 60, 150, 0, 0.9));
        }
        t += 1000;
        assertThat(frame(t, box(200 + 0.12 * t, 500, 60, 150, 0, 0.9))).containsExactly(1);
        for (int f = 0; f < 10; f++) {
            t += 100 + 150 * (f % 3); // 100, 250 and 400 ms
            assertThat(frame(t, box(200 + 0.12 * t, 500, 60, 150, 0, 0.9))).containsExactly(1);
        }
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
    }

    @Test
    void testLowConfidenceContinuesButNeverStarts() {
        // Low boxes (0.3) alone never start a track.
        for (int f = 0; f < 10; f++) {
            assertThat(frame(f * 33L, box(1500, 500, 60, 150, 0, 0.3))).containsExactly(-1);
        }
        for (int f = 10; f < 20; f++) {
            frame(f * 33L, box(200 + 5 * f, 500, 60, 150, 0, 0.9));
        }
        // The same object seen with low confidence keeps its track.
        for (int f = 20; f < 60; f++) {
            assertThat(frame(f * 33L, box(200 + 5 * f, 500, 60, 150, 0, 0.3))).containsExactly(1);
        }
        // Below lowThreshold a box is ignored.
        assertThat(frame(60 * 33L, box(500, 500, 60, 150, 0, 0.05))).containsExactly(-1);
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
    }

    @Test
    void testBoxOfAnotherClassDoesNotContinueTrackWithHardClassGate() {
        StreamTracker gated =
                new StreamTracker(TrackerConfig.builder().setClassMismatchCost(1).build());
        gated.update(0, W, H, List.of(box(500, 500, 60, 150, 0, 0.9)));
        gated.update(33, W, H, List.of(box(500, 500, 60, 150, 0, 0.9)));
        assertThat(gated.update(66, W, H, List.of(box(500, 500, 60, 150, 2, 0.9))).trackIds())
                .containsExactly(-1);
        assertThat(gated.update(99, W, H, List.of(box(500, 500, 60, 150, 2, 0.9))).trackIds())
                .containsExactly(2);
    }

    @Test
    void testClassFlickerContinuesTrackAndEventsReportVotedClass() {
        for (int f = 0; f < 30; f++) {
            // Frames 10 to 13 come out as class 2 with high confidence, as a partly hidden
            // object's boxes often do: the track goes on and keeps class 0.
            int cls = f >= 10 && f < 14 ? 2 : 0;
            assertThat(frame(f * 33L, box(200 + 8 * f, 500, 60, 150, cls, 0.8)))
                    .as("frame %d", f)
                    .containsExactly(f == 0 ? -1 : 1);
        }
        emptyFrames(29 * 33L, 29 * 33L + 1600);
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::trackId, TrackEvent::classId)
                .containsExactly(tuple(Kind.OBJECT_ENTERED, 1L, 0), tuple(Kind.OBJECT_LEFT, 1L, 0));
    }

    @Test
    void testClassOfManyBoxesOutvotesFirstBoxes() {
        // Entering, the object is misclassified at first; the class changes once the right
        // class has more (confidence-weighted) votes.
        for (int f = 0; f < 10; f++) {
            frame(f * 33L, box(200 + 8 * f, 500, 60, 150, f < 3 ? 1 : 3, 0.7));
        }
        emptyFrames(9 * 33L, 9 * 33L + 1600);
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::classId)
                .containsExactly(tuple(Kind.OBJECT_ENTERED, 1), tuple(Kind.OBJECT_LEFT, 3));
    }

    @Test
    void testSameClassWinsCloseCallBetweenOverlappingObjects() {
        // Two objects of different classes, side by side, then both boxes overlap both tracks'
        // predictions equally: the class decides, and the ids stay with their objects.
        frame(0, box(500, 500, 60, 150, 0, 0.9), box(540, 500, 60, 150, 1, 0.9));
        long[] ids = frame(33, box(520, 500, 60, 150, 1, 0.9), box(520, 500, 60, 150, 0, 0.9));
        assertThat(ids).containsExactly(2, 1);
    }

    @Test
    void testObjectPassingBehindOccluderWithShrinkingBoxKeepsId() {
        // A disc of radius 40 moves right at 150 px/s behind an occluder spanning x 500-580 (at 15
        // fps). Its box is the visible part's: it shrinks against the occluder's left edge, in
        // height too (a chord of the disc), disappears below 30% visible, then grows from the
        // occluder's right edge. Partial views come out as another class, as a real detector's
        // often do.
        double r = 40;
        int present = 0;
        for (int f = 0; f < 60; f++) {
            double cx = 200 + 10 * f;
            double x1;
            double x2;
            double halfHeight;
            if (cx - r < 500) {
                x1 = cx - r;
                x2 = Math.min(cx + r, 500);
                halfHeight = cx <= 500 ? r : Math.sqrt(r * r - (cx - 500) * (cx - 500));
            } else {
                x1 = Math.max(cx - r, 580);
                x2 = cx + r;
                halfHeight =
                        cx >= 580 ? r : Math.sqrt(Math.max(0, r * r - (580 - cx) * (580 - cx)));
            }
            double shown = Math.max(0, x2 - x1) / (2 * r);
            if (shown < 0.3) {
                assertThat(frame(f * 66L)).isEmpty();
                continue;
            }
            TrackInput d =
                    new TrackInput(
                            (float) x1,
                            (float) (300 - halfHeight),
                            (float) x2,
                            (float) (300 + halfHeight),
                            shown >= 0.7 ? 0 : 2,
                            shown >= 0.7 ? 0.9f : 0.7f);
            assertThat(frame(f * 66L, d)).as("frame %d", f).containsExactly(f == 0 ? -1 : 1);
            present++;
        }
        assertThat(present).isGreaterThan(50);
        events.addAll(tracker.closeAll(60 * 66L));
        assertThat(events)
                .extracting(TrackEvent::kind, TrackEvent::trackId, TrackEvent::classId)
                .containsExactly(tuple(Kind.OBJECT_ENTERED, 1L, 0), tuple(Kind.OBJECT_LEFT, 1L, 0));
    }

    @Test
    void testPartComingOutInsideLostPredictionContinuesTrack() {
        // Seen whole for a second, hidden for 8 frames, then a sliver of it (a fifth of its width)
        // comes out: too little IoU with its predicted box, but inside it.
        for (int f = 0; f < 15; f++) {
            frame(f * 66L, box(200 + 10 * f, 300, 80, 80, 0, 0.9));
        }
        for (int f = 15; f < 23; f++) {
            frame(f * 66L);
        }
        double right = 200 + 10 * 23 + 40;
        long[] ids =
                frame(
                        23 * 66L,
                        new TrackInput((float) right - 16, 270, (float) right, 330, 1, 0.8f));
        assertThat(ids).containsExactly(1);
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
    }

    @Test
    void testObjectLeavingFrameKeepsIdOnLowConfidenceEdgeBoxes() {
        // Leaving at the right edge, the box is clipped by the frame and its confidence drops:
        // the prediction is clipped to the frame too, so the low boxes still match it.
        for (int f = 0; f < 40; f++) {
            double cx = 1700 + 12 * f;
            double x2 = Math.min(cx + 40, W);
            double shown = (x2 - (cx - 40)) / 80;
            if (shown < 0.15) {
                break;
            }
            TrackInput d =
                    new TrackInput(
                            (float) (cx - 40), 500, (float) x2, 580, 0, shown >= 0.7 ? 0.9f : 0.3f);
            assertThat(frame(f * 66L, d)).as("frame %d", f).containsExactly(f == 0 ? -1 : 1);
        }
    }

    @Test
    void testObjectLeftCarriesSummary() {
        float[] conf = {0.7f, 0.95f, 0.8f};
        for (int f = 0; f < 30; f++) {
            frame(1000 + f * 40L, box(500, 500, 60, 150, 3, conf[f % 3]));
        }
        emptyFrames(1000 + 29 * 40L, 1000 + 29 * 40L + 1600);
        TrackEvent left = events.get(events.size() - 1);
        assertThat(left.kind()).isEqualTo(Kind.OBJECT_LEFT);
        assertThat(left.classId()).isEqualTo(3);
        assertThat(left.occurrence()).isZero();
        assertThat(left.target()).isEmpty();
        assertThat(left.confidence()).isEqualTo(0.8f);
        assertThat(left.box()).isEqualTo(new Box(470, 425, 530, 575));
        // The first frame at which it was unseen for longer than the timeout (1.5 s).
        assertThat(left.timeMs()).isEqualTo(1000 + 29 * 40L + 1520);
        ObjectSummary s = left.summary();
        assertThat(s.firstSeenMs()).isEqualTo(1000);
        assertThat(s.lastSeenMs()).isEqualTo(1000 + 29 * 40L);
        assertThat(s.durationMs()).isEqualTo(29 * 40L);
        assertThat(s.bestConfidence()).isEqualTo(0.95f);
        assertThat(s.zonesVisited()).isEmpty();
    }

    @Test
    void testCloseAllEndsEveryTrackAndIdsContinue() {
        frame(-33, box(300, 500, 60, 150, 0, 0.9), box(900, 500, 60, 150, 0, 0.9));
        frame(0, box(300, 500, 60, 150, 0, 0.9), box(900, 500, 60, 150, 0, 0.9));
        frame(
                33,
                box(300, 500, 60, 150, 0, 0.9),
                box(900, 500, 60, 150, 0, 0.9),
                box(1500, 500, 60, 150, 0, 0.9));
        List<TrackEvent> closed = tracker.closeAll(50);
        // The tentative third box had no id, so it leaves nothing.
        assertThat(closed)
                .extracting(TrackEvent::kind)
                .containsExactly(Kind.OBJECT_LEFT, Kind.OBJECT_LEFT);
        assertThat(closed).extracting(TrackEvent::trackId).containsExactly(1L, 2L);
        assertThat(tracker.confirmedTrackCount()).isZero();
        // Restarted stream: ids are never reused.
        assertThat(frame(5000, box(300, 500, 60, 150, 0, 0.9))).containsExactly(-1);
        assertThat(frame(5033, box(300, 500, 60, 150, 0, 0.9))).containsExactly(3);
    }

    @Test
    void testInvalidFrameSizeRejected() {
        assertThatThrownBy(() -> tracker.update(0, 0, 100, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x100");
    }

    @Test
    void testBrieflyLostTrackReportsItsPredictedBox() {
        // 150 px/s to the right at 15 fps, then missed for 1 s (predictedBoxMs is 0.5 s).
        long t = 0;
        for (int f = 0; f < 20; f++, t += 66) {
            FrameResult r = tracker.update(t, W, H, List.of(box(300 + 10 * f, 500, 60, 150, 0, 0.9)));
            if (f > 0) {
                assertThat(r.boxes()).singleElement().satisfies(b -> {
                    assertThat(b.predicted()).isFalse();
                    assertThat(b.detection()).isZero();
                    assertThat(b.trackId()).isEqualTo(1);
                });
            }
        }
        List<Boolean> reported = new ArrayList<>();
        for (int f = 20; f < 35; f++, t += 66) {
            FrameResult r = tracker.update(t, W, H, List.of());
            reported.add(!r.boxes().isEmpty());
            if (!r.boxes().isEmpty()) {
                TrackBox b = r.boxes().get(0);
                assertThat(b.predicted()).isTrue();
                assertThat(b.detection()).isEqualTo(-1);
                // Where the object would be: centre 300 + 10 f.
                assertThat((b.box().x1() + b.box().x2()) / 2).isCloseTo(300 + 10 * f, within(6f));
            }
        }
        // Unseen 66 to 500 ms: 7 frames with a predicted box, then none.
        assertThat(reported.subList(0, 7)).containsOnly(true);
        assertThat(reported.subList(8, 15)).containsOnly(false);
        // Back after 1 s: the same id.
        assertThat(frame(t, box(300 + 10 * 35, 500, 60, 150, 0, 0.9))).containsExactly(1);
    }

    @Test
    void testFastObjectMovingMoreThanItsWidthPerFrameGetsTracked() {
        // 40x90 at 60 px per frame: consecutive boxes never overlap.
        long[] ids = null;
        for (int f = 0; f < 10; f++) {
            ids = frame(f * 66L, box(100 + 60 * f, 500, 40, 90, 0, 0.9));
        }
        assertThat(ids).containsExactly(1);
        assertThat(kinds()).containsExactly(Kind.OBJECT_ENTERED);
    }

    @Test
    void testTwoFalsePositivesNearEachOtherMakeNoTrack() {
        // Found by distance only, a tentative track is confirmed only when a later box overlaps
        // its predicted motion.
        frame(0, box(500, 500, 40, 90, 0, 0.9));
        frame(66, box(550, 520, 40, 90, 0, 0.9));
        frame(133, box(300, 300, 40, 90, 0, 0.9));
        frame(200);
        assertThat(events).isEmpty();
    }

    @Test
    void testCameraOutageDoesNotAgeTracksUpToTheLimit() {
        for (int f = 0; f < 20; f++) {
            frame(f * 66L, box(500, 500, 60, 150, 0, 0.9));
        }
        // Nothing for 5 s (longer than the lost timeout), then the object is still there.
        long back = 19 * 66L + 5000;
        assertThat(frame(back, box(500, 500, 60, 150, 0, 0.9))).containsExactly(1);
        // Nothing for 12 s (past the outage limit): it ages as usual, left and entered anew.
        long later = back + 12_000;
        frame(later, box(500, 500, 60, 150, 0, 0.9));
        assertThat(frame(later + 66, box(500, 500, 60, 150, 0, 0.9))).containsExactly(2);
        assertThat(kinds())
                .containsExactly(Kind.OBJECT_ENTERED, Kind.OBJECT_LEFT, Kind.OBJECT_ENTERED);
    }
}
