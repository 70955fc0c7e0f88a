package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The hostile box-level scenes of {@link HostileScenes}, each over 10 seeds (20 for the stale
 * track), against their known truth. Bounds leave room only where the truth itself is fuzzy
 * (identity in a crowd); the figures the tracker reached are in the messages.
 */
class HostileScenesTest {

    private static final int SEEDS = 10;

    @Test
    void testStandingOnLineCrossesNothingForAnyBoxSize() {
        for (double[] s : new double[][] {{20, 40}, {30, 60}, {60, 120}}) {
            HostileScenes.Sum sum = HostileScenes.standingOnLine(s[0], s[1], 3, SEEDS);
            // Per run the crosser crosses once (out) and enters the zone once; the box standing
            // 1 px above the line, jittering ±3 px with bad frames of ±9 px, does neither.
            assertThat(sum.lineIn).as("%s", sum).isZero();
            assertThat(sum.lineOut).as("%s", sum).isEqualTo(SEEDS);
            assertThat(sum.zoneEntered).as("%s", sum).isEqualTo(SEEDS);
            assertThat(sum.idSwitches).as("%s", sum).isZero();
        }
    }

    @Test
    void testFastObjectsOneWidthPerFrameAreTracked() {
        HostileScenes.Sum sum = HostileScenes.fastObjects(1.0, SEEDS);
        // 4 objects per run, each crossing the line once.
        assertThat(sum.entered).as("%s", sum).isEqualTo(4 * SEEDS);
        assertThat(sum.lineIn + sum.lineOut).as("%s", sum).isGreaterThanOrEqualTo(4 * SEEDS - 2);
        assertThat(sum.idSwitches).as("%s", sum).isZero();
        assertThat(sum.withId()).as("%s", sum).isGreaterThan(0.8);
    }

    @Test
    void testOcclusionUpToTheLostTimeoutKeepsTheId() {
        double[][] cases = {{1.4, 1500}, {2.0, 3000}, {2.8, 3000}};
        for (double[] c : cases) {
            HostileScenes.Sum sum = HostileScenes.occlusion(40, 90, c[0], (long) c[1], SEEDS);
            assertThat(sum.entered).as("hidden %s s: %s", c[0], sum).isEqualTo(SEEDS);
            assertThat(sum.left).as("hidden %s s: %s", c[0], sum).isEqualTo(SEEDS);
            HostileScenes.Sum small = HostileScenes.occlusion(20, 45, c[0], (long) c[1], SEEDS);
            assertThat(small.entered).as("hidden %s s: %s", c[0], small).isLessThanOrEqualTo(SEEDS + 1);
        }
    }

    @Test
    void testStaleLostTrackDoesNotTakeLiveObjectsBox() {
        HostileScenes.Sum sum = HostileScenes.staleTrack(2 * SEEDS);
        // 80 objects over 20 runs; before, 16 of them switched identity.
        assertThat(sum.bodiesSwitched).as("%s", sum).isLessThanOrEqualTo(5);
    }

    @Test
    void testOutageUpToTheLimitKeepsTracks() {
        for (double gap : new double[] {3, 9.5}) {
            HostileScenes.Sum sum = HostileScenes.reconnect(gap, SEEDS);
            // 7 objects per run; only the one walking (8 px/s) may have moved too far to be
            // recognised after a long outage.
            assertThat(sum.left).as("outage %s s: %s", gap, sum).isLessThanOrEqualTo(gap < 5 ? 0 : 3);
            assertThat(sum.entered).as("outage %s s: %s", gap, sum).isEqualTo(7 * SEEDS + sum.left);
        }
        // Past the limit (10 s) every track ages out as usual.
        HostileScenes.Sum beyond = HostileScenes.reconnect(12, SEEDS);
        assertThat(beyond.left).as("%s", beyond).isEqualTo(7 * SEEDS);
    }

    @Test
    void testFirstFrameFalsePositivesBecomeNoTracks() {
        HostileScenes.Sum sum = HostileScenes.firstFrame(SEEDS);
        assertThat(sum.falseTracks).as("%s", sum).isZero();
        assertThat(sum.entered).as("%s", sum).isEqualTo(5 * SEEDS);
    }

    @Test
    void testCrowdGoals() {
        HostileScenes.Sum sum = HostileScenes.goalCrowd(30, SEEDS, TrackerConfig.defaults());
        // Goals: at most 2 identity switches per 30 objects per 20 s, at most 1 false track and
        // object_entered within 3 % of the true count (per run, here summed over the runs).
        assertThat(sum.idSwitches).as("%s", sum).isLessThanOrEqualTo(2 * SEEDS);
        assertThat(sum.falseTracks).as("%s", sum).isLessThanOrEqualTo(SEEDS);
        assertThat(sum.entered).as("%s", sum).isBetween(30 * SEEDS, (int) (30 * SEEDS * 1.03));
        // With the predicted boxes of briefly lost tracks, a missed detection leaves no gap.
        assertThat(sum.motaPredicted).as("%s", sum).isGreaterThan(sum.mota);
    }
}
