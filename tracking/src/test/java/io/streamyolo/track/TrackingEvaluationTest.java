package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** End-to-end quality on a synthetic scene: identity switches with noise and missed detections. */
class TrackingEvaluationTest {

    private static final int OBJECTS = 10;
    private static final int FRAMES = 300;

    @Test
    void testFewIdentitySwitchesWithNoiseAndMisses() {
        int worst = 0;
        long totalSwitches = 0;
        for (long seed = 1; seed <= 5; seed++) {
            int switches = identitySwitches(seed);
            worst = Math.max(worst, switches);
            totalSwitches += switches;
        }
        System.out.printf(
                "TrackingEvaluation: %d objects, %d frames, 10%% misses, 3 px noise: identity"
                        + " switches per run over 5 seeds: worst %d, total %d%n",
                OBJECTS, FRAMES, worst, totalSwitches);
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    /** Number of ground-truth objects whose (non -1) track id changes at least once. */
    private static int identitySwitches(long seed) {
        Scene scene = new Scene(1920, 1080, seed).addRandom(OBJECTS, 200);
        StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
        Random jitter = new Random(seed * 31);
        long[] idOf = new long[OBJECTS];
        boolean[] switched = new boolean[OBJECTS];
        Arrays.fill(idOf, -1);
        long time = 0;
        for (int f = 0; f < FRAMES; f++) {
            List<TrackInput> dets = scene.observe(3, 0.1);
            long[] ids = tracker.update(time, scene.width, scene.height, dets).trackIds();
            for (int i = 0; i < ids.length; i++) {
                int gt = scene.truth.get(i);
                if (ids[i] < 0) {
                    continue;
                }
                if (idOf[gt] >= 0 && idOf[gt] != ids[i]) {
                    switched[gt] = true;
                }
                idOf[gt] = ids[i];
            }
            long dt = 25 + jitter.nextInt(20); // 25-44 ms: a jittery ~30 fps
            time += dt;
            scene.advance(dt);
        }
        int n = 0;
        for (boolean s : switched) {
            n += s ? 1 : 0;
        }
        return n;
    }
}
