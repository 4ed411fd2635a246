package io.twinstream.model;

/**
 * Where real windows lie in the discriminator's feature space: the mean and inverse covariance of their features,
 * and from them the Mahalanobis distance of any window's features, divided by the feature count (so that real
 * windows average about 1).
 */
final class FeatureStatistics {

    /** Ridge added to the covariance's diagonal, as a fraction of its mean variance, so that it is always invertible. */
    private static final double RIDGE = 1e-3;

    private final double[] mean;
    private final double[] precision; // [d x d], row-major
    private final float[] precisionFloats;

    FeatureStatistics(final double[] mean, final double[] precision) {
        if (precision.length != mean.length * mean.length) {
            throw new IllegalArgumentException("precision has " + precision.length + " values; " + mean.length + " features need "
                    + mean.length * mean.length);
        }
        this.mean = mean.clone();
        this.precision = precision.clone();
        this.precisionFloats = new float[precision.length];
        for (int i = 0; i < precision.length; i++) {
            precisionFloats[i] = (float) precision[i];
        }
    }

    /** Statistics of feature rows {@code features[n][d]}. */
    static FeatureStatistics fit(final double[][] features) {
        final int n = features.length;
        final int d = features[0].length;
        final double[] mean = new double[d];
        for (final double[] row : features) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        final double[][] covariance = new double[d][d];
        for (final double[] row : features) {
            for (int i = 0; i < d; i++) {
                final double di = row[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    covariance[i][j] += di * (row[j] - mean[j]) / n;
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += covariance[i][i];
        }
        for (int i = 0; i < d; i++) {
            covariance[i][i] += RIDGE * trace / d + 1e-9;
            for (int j = 0; j < i; j++) {
                covariance[j][i] = covariance[i][j];
            }
        }
        return new FeatureStatistics(mean, invertSymmetricPositive(covariance));
    }

    int dimension() {
        return mean.length;
    }

    double[] mean() {
        return mean.clone();
    }

    double[] precision() {
        return precision.clone();
    }

    /** Mahalanobis distance divided by the square root of the dimension (so about 1 for rows like the fitted ones), per row of {@code features[n][d]}. */
    double[] distances(final double[][] features) {
        final int d = mean.length;
        final int n = features.length;
        final float[] centred = new float[n * d];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < d; j++) {
                centred[b * d + j] = (float) (features[b][j] - mean[j]);
            }
        }
        final float[] transformed = new float[n * d];
        Blas.gemm(false, false, n, d, d, 1f, centred, precisionFloats, 0f, transformed); // [n x d] * [d x d]
        final double[] out = new double[n];
        for (int b = 0; b < n; b++) {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += (double) centred[b * d + j] * transformed[b * d + j];
            }
            out[b] = Math.sqrt(Math.max(0, sum) / d);
        }
        return out;
    }

    /** Inverse of a symmetric positive-definite matrix by Cholesky decomposition; row-major result. */
    private static double[] invertSymmetricPositive(final double[][] matrix) {
        final int d = matrix.length;
        final double[][] lower = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = matrix[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= lower[i][k] * lower[j][k];
                }
                lower[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / lower[j][j];
            }
        }
        // inverse of L by forward substitution, then inverse = L^-T L^-1
        final double[][] lowerInverse = new double[d][d];
        for (int i = 0; i < d; i++) {
            lowerInverse[i][i] = 1 / lower[i][i];
            for (int j = 0; j < i; j++) {
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum -= lower[i][k] * lowerInverse[k][j];
                }
                lowerInverse[i][j] = sum / lower[i][i];
            }
        }
        final double[] inverse = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = Math.max(i, j); k < d; k++) {
                    sum += lowerInverse[k][i] * lowerInverse[k][j];
                }
                inverse[i * d + j] = sum;
            }
        }
        return inverse;
    }
}
