package io.twinstream.model;

import java.util.Random;

/**
 * What the post-hoc models share: one GRU layer (the TimeGAN protocol's cell), a dense layer on its hidden states to
 * one output, their parameters and gradients, and Adam with the usual decays (0.9, 0.999).
 */
final class ProbeNetwork {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    final GruLayer recurrent;
    final DenseLayer output;
    final ParameterSet parameters = new ParameterSet();
    final ParameterSet gradients = new ParameterSet();
    private final Adam optimizer;

    /** @param name the parameters' name prefix */
    ProbeNetwork(final String name, final int inputs, final int hiddenSize, final double learningRate, final long seed) {
        final Random random = new Random(seed);
        this.recurrent = new GruLayer(inputs, hiddenSize, random);
        this.output = new DenseLayer(hiddenSize, 1, random);
        recurrent.register(name + ".gru", parameters, gradients);
        output.register(name + ".out", parameters, gradients);
        this.optimizer = new Adam(parameters, learningRate, BETA1, BETA2);
    }

    /** One Adam step along the gradients accumulated since they were last cleared. */
    void update() {
        optimizer.update(parameters, gradients);
    }
}
