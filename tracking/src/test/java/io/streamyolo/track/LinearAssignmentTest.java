package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    private final LinearAssignment solver = new LinearAssignment();

    @Test
    void testMatchesBruteForceOnRandomRectangularMatrices() {
        Random random = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int cols = 1 + random.nextInt(6);
            double[] cost = new double[rows * cols];
            for (int i = 0; i < cost.length; i++) {
                cost[i] = random.nextInt(4) == 0 ? 1.0 : random.nextDouble();
            }
            int[] rowToCol = new int[rows];
            solver.solve(cost, rows, cols, rowToCol);
            boolean[] taken = new boolean[cols];
            double total = 0;
            int assigned = 0;
            for (int r = 0; r < rows; r++) {
                if (rowToCol[r] >= 0) {
                    assertThat(taken[rowToCol[r]]).as("column used twice").isFalse();
                    taken[rowToCol[r]] = true;
                    total += cost[r * cols + rowToCol[r]];
                    assigned++;
                }
            }
            assertThat(assigned).isEqualTo(Math.min(rows, cols));
            assertThat(total)
                    .as("trial %d", trial)
                    .isCloseTo(
                            bruteForce(cost, rows, cols),
                            org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    /** Best total over all assignments of min(rows, cols) pairs. */
    private static double bruteForce(double[] cost, int rows, int cols) {
        return rows <= cols
                ? best(cost, rows, cols, 0, new boolean[cols], false)
                : best(cost, cols, rows, 0, new boolean[rows], true);
    }

    private static double best(
            double[] cost, int n, int m, int i, boolean[] used, boolean transposed) {
        if (i == n) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            if (!used[j]) {
                used[j] = true;
                // Original matrix is rows x cols; when transposed, n = cols and m = rows.
                double c = transposed ? cost[j * n + i] : cost[i * m + j];
                best = Math.min(best, c + best(cost, n, m, i + 1, used, transposed));
                used[j] = false;
            }
        }
        return best;
    }
}
