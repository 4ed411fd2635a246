package io.twinstream.model;

import java.util.List;
import java.util.Random;

/**
 * The discriminator: a window [F x B] per step through the LSTM stack; the last step's hidden state through a dense
 * layer to one logit per window, the log-odds that the window is real.
 */
final class DiscriminatorNetwork {

    final GanConfig config;
    final LstmStack stack;
    final DenseLayer output;
    final ParameterSet parameters = new ParameterSet();
    final ParameterSet gradients = new ParameterSet();

    /** One forward pass, kept for the backward pass. */
    record Pass(List<LstmLayer.Trace> traces, float[] logits, int batch) {
    }

    DiscriminatorNetwork(final GanConfig config, final Random random) {
        this.config = config;
        this.stack = new LstmStack(config.features(), config.hiddenSize(), config.layers(), random);
        this.output = new DenseLayer(config.hiddenSize(), 1, random);
        register();
    }

    /** A discriminator over flat parameters in {@link ParameterSet#flatten()} order (copied). */
    DiscriminatorNetwork(final GanConfig config, final float[] flat) {
        this.config = config;
        final DiscriminatorNetwork shape = new DiscriminatorNetwork(config, new Random(0));
        shape.parameters.assign(flat);
        final List<float[]> tensors = shape.parameters.tensors();
        this.stack = new LstmStack(config.features(), config.hiddenSize(), config.layers(), tensors, 0);
        this.output = new DenseLayer(config.hiddenSize(), 1, tensors.get(tensors.size() - 2), tensors.get(tensors.size() - 1));
        register();
    }

    private void register() {
        stack.register("discriminator", parameters, gradients);
        output.register("discriminator.out", parameters, gradients);
    }

    Pass forward(final float[][] windows, final int batch) {
        final List<LstmLayer.Trace> traces = stack.forward(windows, batch);
        final float[][] top = traces.get(traces.size() - 1).hidden;
        return new Pass(traces, output.forward(top[top.length - 1], batch), batch);
    }

    /** Logits for inference. */
    float[] logits(final float[][] windows, final int batch) {
        return output.forward(stack.forwardLastAndSum(windows, batch)[0], batch);
    }

    /**
     * Back-propagates from the logits' gradients.
     *
     * @param accumulateParameterGradients false when the discriminator is held still (the generator's update)
     * @return gradient with respect to the input windows, [F x B] per step
     */
    float[][] backward(final Pass pass, final float[] dLogits, final boolean accumulateParameterGradients) {
        final List<LstmLayer.Trace> traces = pass.traces();
        final float[][] top = traces.get(traces.size() - 1).hidden;
        final float[][] dTop = new float[top.length][];
        dTop[top.length - 1] = output.backward(top[top.length - 1], dLogits, pass.batch(), accumulateParameterGradients);
        return stack.backward(traces, dTop, accumulateParameterGradients);
    }
}
