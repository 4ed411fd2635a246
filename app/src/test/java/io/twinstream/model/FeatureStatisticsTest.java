package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    /** Rows of {@code d} features: a few directions of large variance (spread 10) over noise of spread 1 in every direction. */
    private static double[][] rows(final int n, final int d, final double[][] largeDirections, final Random random) {
        final double[][] rows = new double[n][d];
        for (final double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = 3 + random.nextGaussian();
            }
            for (final double[] direction : largeDirections) {
                final double amount = 10 * random.nextGaussian();
                for (int j = 0; j < d; j++) {
                    row[j] += amount * direction[j];
                }
            }
        }
        return rows;
    }

    private static double[] unit(final int d, final int... nonZero) {
        final double[] u = new double[d];
        for (final int j : nonZero) {
            u[j] = 1 / Math.sqrt(nonZero.length);
        }
        return u;
    }

    @Test
    void shouldDecomposeASymmetricMatrixIntoOrthonormalEigenvectors() {
        final Random random = new Random(3);
        final int d = 12;
        final double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = random.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        final SymmetricEigen eigen = SymmetricEigen.of(m);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double rebuilt = 0;
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    rebuilt += eigen.vectors()[i][k] * eigen.values()[k] * eigen.vectors()[j][k];
                    dot += eigen.vectors()[k][i] * eigen.vectors()[k][j];
                }
                assertEquals(m[i][j], rebuilt, 1e-10, "V diag(w) V^T at " + i + "," + j);
                assertEquals(i == j ? 1 : 0, dot, 1e-10, "V^T V at " + i + "," + j);
            }
        }
        double trace = 0;
        double eigenSum = 0;
        for (int i = 0; i < d; i++) {
            trace += m[i][i];
            eigenSum += eigen.values()[i];
        }
        assertEquals(trace, eigenSum, 1e-10);
    }

    @Test
    void shouldBeTheInverseWhenNoDirectionIsSkipped() {
        final double[][] m = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        final double[] inverse = FeatureStatistics.inverseWithout(m, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double product = 0;
                for (int k = 0; k < 3; k++) {
                    product += m[i][k] * inverse[k * 3 + j];
                }
                assertEquals(i == j ? 1 : 0, product, 1e-12);
            }
        }
    }

    @Test
    void shouldLeaveTheDirectionsInWhichRealRowsVaryMostOutOfTheDistance() {
        final int d = 20; // two directions skipped: the two large ones
        assertEquals(2, FeatureStatistics.skipped(d));
        final double[][] large = {unit(d, 0, 1, 2), unit(d, 5, 6)};
        final FeatureStatistics statistics = FeatureStatistics.fit(rows(4000, d, large, new Random(5)));
        final double[] typical = statistics.distances(rows(500, d, large, new Random(6)));
        double mean = 0;
        for (final double t : typical) {
            mean += t / typical.length;
        }
        assertEquals(Math.sqrt((d - 2.0) / d), mean, 0.05, "real rows: about sqrt of the share of directions kept");

        // 10 spreads out along a direction of large variance (a plain Mahalanobis distance of 10 / sqrt(20) = 2.2),
        // and 10 spreads out along one of the others (the same, 2.2)
        final double[] centre = new double[d];
        java.util.Arrays.fill(centre, 3);
        final double[] alongLarge = centre.clone();
        final double[] alongSmall = centre.clone();
        for (int j = 0; j < d; j++) {
            alongLarge[j] += 100 * large[0][j];
        }
        alongSmall[10] += 10;
        final double[] far = statistics.distances(new double[][] {centre, alongLarge, alongSmall});
        assertTrue(far[0] < 0.1, "the real rows' centre: " + far[0]);
        assertTrue(far[1] < 0.25 * 10 / Math.sqrt(d), "far out along a direction of large variance is hardly far (what is left"
                + " comes from the fitted direction's sampling error): " + far[1]);
        assertEquals(10 / Math.sqrt(d), far[2], 0.1, "as far out along one of the other directions");
    }
}
