package io.twinstream.model;

import java.util.Arrays;

/**
 * Where real windows lie in the discriminator's feature space: the mean of their features and the precision matrix
 * of their covariance with its largest principal directions left out, and from them the Mahalanobis distance of any
 * window's features within the directions kept, divided by the square root of their number (so that real windows
 * average about 1).
 *
 * <p>The largest directions ({@link #SKIPPED_SHARE} of them) are the usual variation of real windows: the phase of a
 * daily cycle, the level of a noisy stretch. What a window holds beyond that, in the directions where real windows
 * hardly vary, is what tells an unusual window from an ordinary one at an unusual point of its cycle.
 */
final class FeatureStatistics {

    /** Ridge added to the covariance's diagonal, as a fraction of its mean variance, so that it is always invertible. */
    private static final double RIDGE = 1e-3;

    /** Share of the principal directions, largest variance first, left out of the distance (rounded to a count). */
    static final double SKIPPED_SHARE = 0.1;

    /** Jacobi sweeps at most; a 96 x 96 covariance converges in about ten. */
    private static final int MAX_SWEEPS = 60;

    private final double[] mean;
    private final double[] precision; // [d x d], row-major
    private final float[] precisionFloats;
    private final int directionsKept;

    /**
     * @param directionsKept how many principal directions {@code precision} keeps: the distance is divided by its square
     *                       root; 0 means all of them (snapshots written before directions were left out)
     */
    FeatureStatistics(final double[] mean, final double[] precision, final int directionsKept) {
        if (precision.length != mean.length * mean.length) {
            throw new IllegalArgumentException("precision has " + precision.length + " values; " + mean.length + " features need "
                    + mean.length * mean.length);
        }
        if (directionsKept < 0 || directionsKept > mean.length) {
            throw new IllegalArgumentException("keeps " + directionsKept + " principal directions of " + mean.length + " features");
        }
        this.directionsKept = directionsKept == 0 ? mean.length : directionsKept;
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
        final int skipped = skippedDirections(d);
        return new FeatureStatistics(mean, precisionWithout(covariance, skipped), d - skipped);
    }

    /** How many of {@code dimension} principal directions the distance leaves out. */
    static int skippedDirections(final int dimension) {
        return (int) Math.round(dimension * SKIPPED_SHARE);
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

    int directionsKept() {
        return directionsKept;
    }

    /**
     * Mahalanobis distance within the kept directions, divided by the square root of their number (so about 1 for rows
     * like the fitted ones), per row of {@code features[n][d]}.
     */
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
            out[b] = Math.sqrt(Math.max(0, sum) / directionsKept);
        }
        return out;
    }

    /**
     * The covariance's inverse restricted to all but its {@code skipped} largest principal directions: the sum of
     * {@code v v^T / lambda} over the other eigenpairs; row-major. The covariance is positive definite (ridged).
     */
    static double[] precisionWithout(final double[][] covariance, final int skipped) {
        final int d = covariance.length;
        final double[][] vectors = new double[d][d]; // column k is the k-th eigenvector
        final double[] values = symmetricEigen(covariance, vectors);
        final Integer[] order = new Integer[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        final double[] precision = new double[d * d];
        for (int r = skipped; r < d; r++) {
            final int k = order[r];
            final double inverse = 1 / Math.max(values[k], 1e-12);
            for (int i = 0; i < d; i++) {
                final double vi = vectors[i][k] * inverse;
                for (int j = 0; j < d; j++) {
                    precision[i * d + j] += vi * vectors[j][k];
                }
            }
        }
        return precision;
    }

    /**
     * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations; the eigenvectors go into the columns of
     * {@code vectors} ({@code [d][d]}). The matrix is not changed.
     */
    static double[] symmetricEigen(final double[][] matrix, final double[][] vectors) {
        final int d = matrix.length;
        final double[][] a = new double[d][];
        double scale = 0;
        for (int i = 0; i < d; i++) {
            a[i] = matrix[i].clone();
            Arrays.fill(vectors[i], 0);
            vectors[i][i] = 1;
            for (int j = 0; j < d; j++) {
                scale += a[i][j] * a[i][j];
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double offDiagonal = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    offDiagonal += a[p][q] * a[p][q];
                }
            }
            if (offDiagonal <= 1e-24 * scale) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, vectors, p, q);
                    }
                }
            }
        }
        final double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    /** One Jacobi rotation zeroing {@code a[p][q]}: {@code a = J^T a J}, {@code vectors = vectors J}. */
    private static void rotate(final double[][] a, final double[][] vectors, final int p, final int q) {
        final double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        final double c = 1 / Math.sqrt(t * t + 1);
        final double s = t * c;
        final int d = a.length;
        for (int k = 0; k < d; k++) {
            final double kp = a[k][p];
            final double kq = a[k][q];
            a[k][p] = c * kp - s * kq;
            a[k][q] = s * kp + c * kq;
        }
        for (int k = 0; k < d; k++) {
            final double pk = a[p][k];
            final double qk = a[q][k];
            a[p][k] = c * pk - s * qk;
            a[q][k] = s * pk + c * qk;
        }
        for (int k = 0; k < d; k++) {
            final double kp = vectors[k][p];
            final double kq = vectors[k][q];
            vectors[k][p] = c * kp - s * kq;
            vectors[k][q] = s * kp + c * kq;
        }
    }
}
