package io.twinstream.model;

import java.util.Random;

/**
 * A linear layer in feature-major layout: {@code y = W^T x + b} with x [in x rows], W [in x out], b [out], y [out x rows].
 */
final class DenseLayer extends WeightedLayer {

    final int inputSize;
    final int outputSize;

    /** A layer with Glorot-uniform weights and zero bias. */
    DenseLayer(final int inputSize, final int outputSize, final Random random) {
        this(inputSize, outputSize, new float[inputSize * outputSize], new float[outputSize]);
        initialiseGlorot(inputSize, outputSize, random);
    }

    /** A layer over the given parameter arrays (not copied). */
    DenseLayer(final int inputSize, final int outputSize, final float[] weights, final float[] bias) {
        super(weights, bias);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /** y [out x rows] for x [in x rows]. */
    float[] forward(final float[] x, final int rows) {
        final float[] y = new float[outputSize * rows];
        Blas.gemm(true, false, outputSize, rows, inputSize, 1f, weights, x, 0f, y);
        for (int j = 0; j < outputSize; j++) {
            final float b = bias[j];
            for (int r = 0; r < rows; r++) {
                y[j * rows + r] += b;
            }
        }
        return y;
    }

    /**
     * @param x the forward input [in x rows]
     * @param dy gradient with respect to the output [out x rows]
     * @param accumulateParameterGradients add into {@link #weightGrad} and {@link #biasGrad}
     * @return gradient with respect to x [in x rows]
     */
    float[] backward(final float[] x, final float[] dy, final int rows, final boolean accumulateParameterGradients) {
        if (accumulateParameterGradients) {
            Blas.gemm(false, true, inputSize, outputSize, rows, 1f, x, dy, 1f, weightGrad);
            for (int j = 0; j < outputSize; j++) {
                float sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += dy[j * rows + r];
                }
                biasGrad[j] += sum;
            }
        }
        final float[] dx = new float[inputSize * rows];
        Blas.gemm(false, false, inputSize, rows, outputSize, 1f, weights, dy, 0f, dx);
        return dx;
    }
}
