package io.streamyolo.track.kalman;

import java.util.Arrays;

/**
 * Constant-velocity Kalman filter on a box {@code (cx, cy, w, h)} with velocities per second.
 *
 * <p>State {@code [cx, cy, w, h, vcx, vcy, vw, vh]}, as in BoT-SORT rather than ByteTrack's {@code
 * (cx, cy, aspect, h)}: width and height each get noise proportional to themselves, so a person
 * whose width changes with gait does not drag a unit-less aspect ratio with the wrong noise scale,
 * and the filtered box width is estimated directly. Velocities are per second and every step takes
 * its own {@code dt}, because frame intervals vary (drops, {@code max_fps}, reconnects): a gap of 2
 * s predicts twice as far as 1 s.
 *
 * <p>The noise weights are ByteTrack's per-frame weights (1/20 for position, 1/160 for velocity,
 * relative to box size) converted to per-second rates at 30 fps, so that at 30 fps the filter
 * behaves like ByteTrack's. Process noise grows linearly with {@code dt} (a random walk).
 *
 * <p>Hand-written on plain {@code double[]} (mean: 8, covariance: 64, row-major) instead of a
 * matrix library: the matrices are fixed 8x8 and 4x4, {@code H = [I 0]} and {@code F = [I dt·I; 0
 * I]} are structured, so the code below is short, allocation-free per frame and costs well under a
 * microsecond per track (see {@code TrackerBenchmark}). Not thread-safe: it owns scratch buffers;
 * use one instance per tracker.
 */
public final class BoxKalmanFilter {

    public static final int DIM = 8;
    public static final int COV_SIZE = DIM * DIM;

    private static final double FPS_REF = 30;
    private static final double STD_POS = 1.0 / 20;
    private static final double STD_VEL = 1.0 / 160;

    /** Process-noise variance per second, relative to size²: per-frame variance × frames/s. */
    private static final double Q_POS = FPS_REF * STD_POS * STD_POS;

    /**
     * Velocity in per-second units is per-frame × FPS_REF, so its variance scales with FPS_REF².
     */
    private static final double Q_VEL = FPS_REF * (FPS_REF * STD_VEL) * (FPS_REF * STD_VEL);

    private static final double INIT_STD_POS = 2 * STD_POS;
    private static final double INIT_STD_VEL = 10 * STD_VEL * FPS_REF;

    /** Box sizes below one pixel would make noise vanish and a predicted box invert. */
    private static final double MIN_SIZE = 1;

    private final double[] tmp = new double[COV_SIZE];
    private final double[] s = new double[16];
    private final double[] sInv = new double[16];
    private final double[] gain = new double[DIM * 4];
    private final double[] augmented = new double[32];

    /** Sets {@code mean} and {@code cov} for a new track at the measured box, velocities zero. */
    public void initiate(double cx, double cy, double w, double h, double[] mean, double[] cov) {
        mean[0] = cx;
        mean[1] = cy;
        mean[2] = w;
        mean[3] = h;
        mean[4] = mean[5] = mean[6] = mean[7] = 0;
        double sw = Math.max(w, MIN_SIZE);
        double sh = Math.max(h, MIN_SIZE);
        Arrays.fill(cov, 0);
        for (int i = 0; i < DIM; i++) {
            // Even indices are x-like (cx, w), odd ones y-like (cy, h): scale by width or height.
            double size = i % 2 == 0 ? sw : sh;
            double std = (i < 4 ? INIT_STD_POS : INIT_STD_VEL) * size;
            cov[i * DIM + i] = std * std;
        }
    }

    /**
     * Predicts {@code dtSeconds} ahead of ({@code mean}, {@code cov}) into ({@code outMean}, {@code
     * outCov}); inputs are not modified, so a track can keep its last posterior and predict from it
     * to any later frame time.
     */
    public void predict(
            double[] mean, double[] cov, double dtSeconds, double[] outMean, double[] outCov) {
        double dt = Math.max(0, dtSeconds);
        for (int i = 0; i < 4; i++) {
            outMean[i] = mean[i] + dt * mean[i + 4];
            outMean[i + 4] = mean[i + 4];
        }
        // tmp = F·P: rows 0-3 add dt × rows 4-7.
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                tmp[i * DIM + j] = cov[i * DIM + j] + (i < 4 ? dt * cov[(i + 4) * DIM + j] : 0);
            }
        }
        // outCov = tmp·Fᵀ: columns 0-3 add dt × columns 4-7.
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                outCov[i * DIM + j] = tmp[i * DIM + j] + (j < 4 ? dt * tmp[i * DIM + j + 4] : 0);
            }
        }
        double sw = Math.max(mean[2], MIN_SIZE);
        double sh = Math.max(mean[3], MIN_SIZE);
        double pw = Q_POS * sw * sw * dt;
        double ph = Q_POS * sh * sh * dt;
        double vw = Q_VEL * sw * sw * dt;
        double vh = Q_VEL * sh * sh * dt;
        outCov[0] += pw;
        outCov[DIM + 1] += ph;
        outCov[2 * DIM + 2] += pw;
        outCov[3 * DIM + 3] += ph;
        outCov[4 * DIM + 4] += vw;
        outCov[5 * DIM + 5] += vh;
        outCov[6 * DIM + 6] += vw;
        outCov[7 * DIM + 7] += vh;
    }

    /** Corrects ({@code mean}, {@code cov}) in place with the measured box. */
    public void update(double[] mean, double[] cov, double cx, double cy, double w, double h) {
        double sw = Math.max(mean[2], MIN_SIZE);
        double sh = Math.max(mean[3], MIN_SIZE);
        double rw = STD_POS * STD_POS * sw * sw;
        double rh = STD_POS * STD_POS * sh * sh;
        // S = H·P·Hᵀ + R is the top-left 4x4 block of P plus R.
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                s[i * 4 + j] = cov[i * DIM + j];
            }
        }
        s[0] += rw;
        s[5] += rh;
        s[10] += rw;
        s[15] += rh;
        invert4(s, sInv);
        // K = P·Hᵀ·S⁻¹ (8x4): P's first four columns times S⁻¹.
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < 4; j++) {
                double acc = 0;
                for (int k = 0; k < 4; k++) {
                    acc += cov[i * DIM + k] * sInv[k * 4 + j];
                }
                gain[i * 4 + j] = acc;
            }
        }
        double y0 = cx - mean[0];
        double y1 = cy - mean[1];
        double y2 = w - mean[2];
        double y3 = h - mean[3];
        for (int i = 0; i < DIM; i++) {
            mean[i] +=
                    gain[i * 4] * y0
                            + gain[i * 4 + 1] * y1
                            + gain[i * 4 + 2] * y2
                            + gain[i * 4 + 3] * y3;
        }
        // P -= K·H·P, where H·P is P's first four rows; read them from a copy.
        System.arraycopy(cov, 0, tmp, 0, 4 * DIM);
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                double acc = 0;
                for (int k = 0; k < 4; k++) {
                    acc += gain[i * 4 + k] * tmp[k * DIM + j];
                }
                cov[i * DIM + j] -= acc;
            }
        }
        // Rounding makes P drift from symmetric over thousands of updates; pin it.
        for (int i = 0; i < DIM; i++) {
            for (int j = i + 1; j < DIM; j++) {
                double avg = 0.5 * (cov[i * DIM + j] + cov[j * DIM + i]);
                cov[i * DIM + j] = avg;
                cov[j * DIM + i] = avg;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Gauss-Jordan inverse of a 4x4 matrix with partial pivoting; S is SPD, so it never fails. */
    private void invert4(double[] m, double[] inv) {
        double[] a = augmented;
        Arrays.fill(a, 0);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                a[i * 8 + j] = m[i * 4 + j];
            }
            a[i * 8 + 4 + i] = 1;
        }
        for (int col = 0; col < 4; col++) {
            int pivot = col;
            for (int r = col + 1; r < 4; r++) {
                if (Math.abs(a[r * 8 + col]) > Math.abs(a[pivot * 8 + col])) {
                    pivot = r;
                }
            }
            if (pivot != col) {
                for (int j = 0; j < 8; j++) {
                    double t = a[col * 8 + j];
                    a[col * 8 + j] = a[pivot * 8 + j];
                    a[pivot * 8 + j] = t;
                }
            }
            double p = a[col * 8 + col];
            for (int j = 0; j < 8; j++) {
                a[col * 8 + j] /= p;
            }
            for (int r = 0; r < 4; r++) {
                if (r != col) {
                    double f = a[r * 8 + col];
                    if (f != 0) {
                        for (int j = 0; j < 8; j++) {
                            a[r * 8 + j] -= f * a[col * 8 + j];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                inv[i * 4 + j] = a[i * 8 + 4 + j];
            }
        }
    }
}
