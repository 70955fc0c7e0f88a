package io.streamyolo.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (Hungarian method with potentials and shortest
 * augmenting paths, the O(n²·m) form of Jonker-Volgenant's idea).
 *
 * <p>Hand-written rather than a dependency: the matrices are at most a few hundred wide, the code
 * is 60 lines, and reusing its buffers keeps a frame allocation-free apart from growth. With
 * well-separated objects each row augments in one or two steps, so 50x50 costs microseconds. Not
 * thread-safe; one instance per tracker.
 */
final class LinearAssignment {

    private double[] u = new double[0];
    private double[] v = new double[0];
    private double[] minv = new double[0];
    private int[] p = new int[0];
    private int[] way = new int[0];
    private boolean[] used = new boolean[0];

    /**
     * Solves for a row-major {@code rows x cols} cost matrix and writes, for each row, the column
     * it gets (or -1) into {@code rowToCol}. Every row gets a column when {@code rows <= cols};
     * otherwise every column gets a row.
     */
    void solve(double[] cost, int rows, int cols, int[] rowToCol) {
        Arrays.fill(rowToCol, 0, rows, -1);
        if (rows == 0 || cols == 0) {
            return;
        }
        boolean transposed = rows > cols;
        int n = transposed ? cols : rows;
        int m = transposed ? rows : cols;
        ensureCapacity(Math.max(n, m) + 1);
        Arrays.fill(u, 0, n + 1, 0);
        Arrays.fill(v, 0, m + 1, 0);
        Arrays.fill(p, 0, m + 1, 0);
        // 1-based indices; column 0 is the virtual start of each augmenting path.
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, 0, m + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(used, 0, m + 1, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double c =
                                transposed
                                        ? cost[(j - 1) * cols + (i0 - 1)]
                                        : cost[(i0 - 1) * cols + (j - 1)];
                        double cur = c - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                if (transposed) {
                    rowToCol[j - 1] = p[j] - 1;
                } else {
                    rowToCol[p[j] - 1] = j - 1;
                }
            }
        }
    }

    private void ensureCapacity(int size) {
        if (u.length < size) {
            u = new double[size];
            v = new double[size];
            minv = new double[size];
            p = new int[size];
            way = new int[size];
            used = new boolean[size];
        }
    }
}
