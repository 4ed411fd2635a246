package io.twinstream.model;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Single-precision matrix products on row-major {@code float[]} arrays, through OpenBLAS, the BLAS that ND4J's CPU
 * backend ships and loads. Arrays are used whole (offset 0): JNI copies or pins the whole array per call, so callers
 * keep one small array per time step rather than slicing large ones.
 */
final class Blas {

    static {
        NativeEnvironment.prepare();
        Loader.load(openblas.class);
    }

    private Blas() {
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, all row-major, with op(A) of shape [m x k] and op(B) [k x n].
     *
     * @param transA use A transposed (A is then stored [k x m])
     * @param transB use B transposed (B is then stored [n x k])
     */
    static void gemm(final boolean transA, final boolean transB, final int m, final int n, final int k, final float alpha,
                     final float[] a, final float[] b, final float beta, final float[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m * n; i++) {
                c[i] *= beta;
            }
            return;
        }
        final int lda = transA ? m : k;
        final int ldb = transB ? k : n;
        openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, n);
    }

    /** {@code C = alpha * A * B + beta * C} where A starts at {@code offsetA} of its array (row-major [m x k]). */
    static void gemmFromOffset(final int m, final int n, final int k, final float alpha, final float[] a, final int offsetA,
                               final float[] b, final float beta, final float[] c) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, m, n, k, alpha,
                FloatBuffer.wrap(a, offsetA, m * k), k, FloatBuffer.wrap(b), n, beta, FloatBuffer.wrap(c), n);
    }
}
