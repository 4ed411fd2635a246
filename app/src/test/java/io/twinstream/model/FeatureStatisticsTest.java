package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    @Test
    void eigenpairsOfASymmetricMatrixSatisfyTheirDefinition() {
        // Given a random symmetric 12 x 12 matrix
        final Random random = new Random(3);
        final int d = 12;
        final double[][] matrix = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                matrix[i][j] = random.nextGaussian();
                matrix[j][i] = matrix[i][j];
            }
        }
        // When it is decomposed
        final double[][] vectors = new double[d][d];
        final double[] values = FeatureStatistics.symmetricEigen(matrix, vectors);
        // Then every column is a unit vector that the matrix scales by its eigenvalue, and the columns are orthogonal
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                double product = 0;
                for (int j = 0; j < d; j++) {
                    product += matrix[i][j] * vectors[j][k];
                }
                assertEquals(values[k] * vectors[i][k], product, 1e-9, "row " + i + " of eigenpair " + k);
            }
            for (int m = 0; m < d; m++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += vectors[i][k] * vectors[i][m];
                }
                assertEquals(k == m ? 1 : 0, dot, 1e-9, "columns " + k + " and " + m);
            }
        }
    }

    @Test
    void precisionWithNothingSkippedIsTheInverse() {
        final double[][] covariance = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        final double[] precision = FeatureStatistics.precisionWithout(covariance, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double product = 0;
                for (int k = 0; k < 3; k++) {
                    product += covariance[i][k] * precision[k * 3 + j];
                }
                assertEquals(i == j ? 1 : 0, product, 1e-9);
            }
        }
    }

    @Test
    void shouldIgnoreDeparturesAlongTheLargestDirectionsAndWeighThoseWhereRealRowsHardlyVary() {
        // Given 20 features where real rows vary widely along features 0 and 1 and far less along the others
        final Random random = new Random(5);
        final int d = 20;
        final double[][] rows = new double[2_000][d];
        for (final double[] row : rows) {
            row[0] = 10 * random.nextGaussian();
            row[1] = 5 * random.nextGaussian();
            for (int j = 2; j < d; j++) {
                row[j] = 0.5 * random.nextGaussian();
            }
        }
        final FeatureStatistics statistics = FeatureStatistics.fit(rows);
        assertEquals(2, FeatureStatistics.skippedDirections(d));

        // When rows like the real ones, one far out along feature 0 and one a little out along feature 7 are measured
        final double[] distances = statistics.distances(rows);
        double meanSquare = 0;
        for (final double distance : distances) {
            meanSquare += distance * distance / distances.length;
        }
        final double[] alongLargest = new double[d];
        alongLargest[0] = 60;
        final double[] alongSmall = new double[d];
        alongSmall[7] = 3;
        final double[] measured = statistics.distances(new double[][] {alongLargest, alongSmall});

        // Then real rows average about 1, the large departure along the usual variation counts for almost nothing and
        // the small one where real rows hardly vary counts for six of their standard deviations
        assertEquals(1.0, meanSquare, 0.05);
        assertTrue(measured[0] < 0.5, "along the largest direction: " + measured[0]);
        assertEquals(6 / Math.sqrt(d - 2), measured[1], 0.15);
    }
}
