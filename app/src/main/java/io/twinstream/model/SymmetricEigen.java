package io.twinstream.model;

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations: each rotation zeroes one
 * off-diagonal pair, and sweeps over all pairs repeat until what is left off the diagonal is negligible. Exact to
 * rounding and deterministic; meant for the small matrices of the feature statistics (a hundred or so rows).
 *
 * @param values the eigenvalues, in no particular order
 * @param vectors {@code vectors[i][k]}: the i-th component of the eigenvector of {@code values[k]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    static SymmetricEigen of(final double[][] matrix) {
        final int d = matrix.length;
        final double[][] a = new double[d][];
        final double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            if (matrix[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " values; a symmetric matrix of " + d + " rows needs " + d);
            }
            a[i] = matrix[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a) > 1e-24 * diagonal(a); sweep++) {
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        final double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes {@code a[p][q]}; {@code v} gathers the rotations. */
    private static void rotate(final double[][] a, final double[][] v, final int p, final int q) {
        final int d = a.length;
        final double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        final double c = 1 / Math.sqrt(t * t + 1);
        final double s = t * c;
        for (int k = 0; k < d; k++) {
            final double akp = a[k][p];
            final double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < d; k++) {
            final double apk = a[p][k];
            final double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < d; k++) {
            final double vkp = v[k][p];
            final double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(final double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * a[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonal(final double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i][i] * a[i][i];
        }
        return sum;
    }
}
