package io.twinstream.evaluate;

/**
 * The main axes of a set of points (principal component analysis by power iteration with deflation), for drawing
 * high-dimensional sequences in two dimensions.
 *
 * @param mean the points' mean, subtracted before projecting
 * @param axes unit vectors, largest variance first
 */
record PrincipalAxes(double[] mean, double[][] axes) {

    private static final int ITERATIONS = 200;

    /** The first {@code count} principal axes of {@code points} (each the same length). */
    static PrincipalAxes fit(final double[][] points, final int count) {
        final int d = points[0].length;
        final double[] mean = new double[d];
        for (final double[] p : points) {
            for (int i = 0; i < d; i++) {
                mean[i] += p[i] / points.length;
            }
        }
        final double[][] covariance = new double[d][d];
        for (final double[] p : points) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    covariance[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / points.length;
                }
            }
        }
        final double[][] axes = new double[count][];
        for (int k = 0; k < count; k++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = 1 + i % 3;
            }
            double eigenvalue = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                final double[] next = new double[d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        next[i] += covariance[i][j] * v[j];
                    }
                }
                eigenvalue = norm(next);
                if (eigenvalue == 0) {
                    break;
                }
                for (int i = 0; i < d; i++) {
                    next[i] /= eigenvalue;
                }
                v = next;
            }
            axes[k] = v;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    covariance[i][j] -= eigenvalue * v[i] * v[j];
                }
            }
        }
        return new PrincipalAxes(mean, axes);
    }

    /** Each point's coordinates along the axes. */
    double[][] project(final double[][] points) {
        final double[][] projected = new double[points.length][axes.length];
        for (int p = 0; p < points.length; p++) {
            for (int k = 0; k < axes.length; k++) {
                for (int i = 0; i < mean.length; i++) {
                    projected[p][k] += (points[p][i] - mean[i]) * axes[k][i];
                }
            }
        }
        return projected;
    }

    private static double norm(final double[] v) {
        double sum = 0;
        for (final double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
