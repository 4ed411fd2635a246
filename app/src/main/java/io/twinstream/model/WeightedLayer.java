package io.twinstream.model;

import java.util.Arrays;
import java.util.Random;

/** What the layers share: a weight matrix and a bias vector, their gradients, Glorot initialisation and registration. */
abstract class WeightedLayer {

    final float[] weights;
    final float[] bias;
    final float[] weightGrad;
    final float[] biasGrad;

    /** A layer over the given parameter arrays (not copied), with zeroed gradients of the same sizes. */
    WeightedLayer(final float[] weights, final float[] bias) {
        this.weights = weights;
        this.bias = bias;
        this.weightGrad = new float[weights.length];
        this.biasGrad = new float[bias.length];
    }

    /** Fills the weights uniformly in +-sqrt(6 / (fanIn + fanOut)). */
    final void initialiseGlorot(final int fanIn, final int fanOut, final Random random) {
        glorotUniform(weights, fanIn, fanOut, random);
    }

    /** A bias vector repeated for every sequence of a batch, [rows x B]: where a step's pre-activations start. */
    static float[] biasRows(final float[] bias, final int batch) {
        final float[] rows = new float[bias.length * batch];
        for (int r = 0; r < bias.length; r++) {
            Arrays.fill(rows, r * batch, (r + 1) * batch, bias[r]);
        }
        return rows;
    }

    /** Adds each row's sum over the batch of {@code values} [rows x B] to {@code sums} [rows]: a bias's gradient. */
    static void addRowSums(final float[] values, final int batch, final float[] sums) {
        for (int r = 0; r < sums.length; r++) {
            float sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += values[r * batch + b];
            }
            sums[r] += sum;
        }
    }

    /** Fills {@code weights} uniformly in +-sqrt(6 / (fanIn + fanOut)) (Glorot-uniform). */
    static void glorotUniform(final float[] weights, final int fanIn, final int fanOut, final Random random) {
        final double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    final void register(final String prefix, final ParameterSet parameters, final ParameterSet gradients) {
        parameters.add(prefix + ".W", weights);
        parameters.add(prefix + ".b", bias);
        gradients.add(prefix + ".W", weightGrad);
        gradients.add(prefix + ".b", biasGrad);
    }
}
