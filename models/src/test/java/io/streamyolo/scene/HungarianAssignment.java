package io.streamyolo.scene;

import java.util.Arrays;

/**
 * Maximum-weight assignment of rows to columns (Kuhn-Munkres with potentials, O(n^2 m)), for
 * {@link MotMetrics}: rectangular matrices, non-negative weights, a weight of 0 meaning "may not be
 * paired".
 */
final class HungarianAssignment {

    private HungarianAssignment() {}

    /**
     * The column assigned to each row, or -1: the assignment maximises the total weight over pairs
     * of positive weight. Ties go to the lower index.
     */
    static int[] maximise(double[][] weights, int columns) {
        int rows = weights.length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || columns == 0) {
            return result;
        }
        // The algorithm below needs rows <= columns; solve the transpose otherwise.
        boolean transposed = rows > columns;
        int n = transposed ? columns : rows;
        int m = transposed ? rows : columns;
        double max = 0;
        for (double[] row : weights) {
            for (double w : row) {
                max = Math.max(max, w);
            }
        }
        // Minimise max - weight: every row gets some column; pairs of weight 0 are dropped after.
        double[][] cost = new double[n + 1][m + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                cost[i + 1][j + 1] = max - (transposed ? weights[j][i] : weights[i][j]);
            }
        }
        int[] rowOfColumn = solve(cost, n, m);
        for (int j = 1; j <= m; j++) {
            int i = rowOfColumn[j];
            if (i == 0) {
                continue;
            }
            int row = transposed ? j - 1 : i - 1;
            int column = transposed ? i - 1 : j - 1;
            if (weights[row][column] > 0) {
                result[row] = column;
            }
        }
        return result;
    }

    /** The classic 1-indexed formulation; returns, per column, its row (0 for none). */
    private static int[] solve(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0][j] - u[i0] - v[j];
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
        return p;
    }
}
