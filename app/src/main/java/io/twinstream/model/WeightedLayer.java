package io.twinstream.model;

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
