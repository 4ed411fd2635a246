package io.twinstream.model;

import java.util.Random;

/** A linear layer: {@code y = x W + b} with x [rows x in], W [in x out], b [out], all row-major. */
final class DenseLayer {

    final int inputSize;
    final int outputSize;
    final float[] weights;
    final float[] bias;
    final float[] weightGrad;
    final float[] biasGrad;

    /** A layer with Glorot-uniform weights and zero bias. */
    DenseLayer(final int inputSize, final int outputSize, final Random random) {
        this(inputSize, outputSize, new float[inputSize * outputSize], new float[outputSize]);
        final double limit = Math.sqrt(6.0 / (inputSize + outputSize));
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    /** A layer over the given parameter arrays (not copied). */
    DenseLayer(final int inputSize, final int outputSize, final float[] weights, final float[] bias) {
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.weights = weights;
        this.bias = bias;
        this.weightGrad = new float[weights.length];
        this.biasGrad = new float[bias.length];
    }

    void register(final String prefix, final ParameterSet parameters, final ParameterSet gradients) {
        parameters.add(prefix + ".W", weights);
        parameters.add(prefix + ".b", bias);
        gradients.add(prefix + ".W", weightGrad);
        gradients.add(prefix + ".b", biasGrad);
    }

    /** y [rows x out] for x [rows x in]. */
    float[] forward(final float[] x, final int rows) {
        final float[] y = new float[rows * outputSize];
        Blas.gemm(false, false, rows, outputSize, inputSize, 1f, x, weights, 0f, y);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outputSize; j++) {
                y[r * outputSize + j] += bias[j];
            }
        }
        return y;
    }

    /**
     * @param x the forward input [rows x in]
     * @param dy gradient with respect to the output [rows x out]
     * @param accumulateParameterGradients add into {@link #weightGrad} and {@link #biasGrad}
     * @return gradient with respect to x [rows x in]
     */
    float[] backward(final float[] x, final float[] dy, final int rows, final boolean accumulateParameterGradients) {
        if (accumulateParameterGradients) {
            Blas.gemm(true, false, inputSize, outputSize, rows, 1f, x, dy, 1f, weightGrad);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < outputSize; j++) {
                    biasGrad[j] += dy[r * outputSize + j];
                }
            }
        }
        final float[] dx = new float[rows * inputSize];
        Blas.gemm(false, true, rows, inputSize, outputSize, 1f, dy, weights, 0f, dx);
        return dx;
    }
}
