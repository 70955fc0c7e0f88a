package io.streamyolo.track.kalman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxKalmanFilterTest {

    private final BoxKalmanFilter kf = new BoxKalmanFilter();
    private final double[] mean = new double[BoxKalmanFilter.DIM];
    private final double[] cov = new double[BoxKalmanFilter.COV_SIZE];
    private final double[] pm = new double[BoxKalmanFilter.DIM];
    private final double[] pc = new double[BoxKalmanFilter.COV_SIZE];

    /** Feeds a box moving at 200 px/s in x with frames every 50 ms; returns the last time (s). */
    private double track(int frames) {
        kf.initiate(100, 300, 50, 120, mean, cov);
        double t = 0;
        for (int i = 1; i < frames; i++) {
            t = i * 0.05;
            kf.predict(mean, cov, 0.05, pm, pc);
            kf.update(pm, pc, 100 + 200 * t, 300, 50, 120);
            System.arraycopy(pm, 0, mean, 0, mean.length);
            System.arraycopy(pc, 0, cov, 0, cov.length);
        }
        return t;
    }

    @Test
    void testVelocityIsPerSecond() {
        double t = track(60);
        assertThat(mean[0]).isCloseTo(100 + 200 * t, within(1.0));
        assertThat(mean[4]).isCloseTo(200, within(5.0));
        assertThat(mean[5]).isCloseTo(0, within(1.0));
    }

    @Test
    void testPredictionScalesWithTimeStep() {
        track(60);
        kf.predict(mean, cov, 1.0, pm, pc);
        double one = pm[0] - mean[0];
        double oneVar = pc[0];
        kf.predict(mean, cov, 2.0, pm, pc);
        assertThat(pm[0] - mean[0]).isCloseTo(2 * one, within(1e-9));
        assertThat(pc[0]).isGreaterThan(oneVar);
        kf.predict(mean, cov, 0, pm, pc);
        assertThat(pm).containsExactly(mean);
        assertThat(pc).containsExactly(cov);
    }

    @Test
    void testCovarianceStaysSymmetricAndPositive() {
        track(2000);
        for (int i = 0; i < BoxKalmanFilter.DIM; i++) {
            assertThat(cov[i * 8 + i]).isPositive();
            for (int j = 0; j < BoxKalmanFilter.DIM; j++) {
                assertThat(cov[i * 8 + j]).isEqualTo(cov[j * 8 + i]);
            }
        }
    }
}
