package io.twinstream.model;

import java.util.List;
import java.util.Random;

/**
 * The generator: noise [latent x B] per step through the LSTM stack, then a dense layer per step to F features, in
 * normalised units (not squashed: the window stage's values are running z-scores).
 */
final class GeneratorNetwork {

    final GanConfig config;
    final LstmStack stack;
    final DenseLayer output;
    final ParameterSet parameters = new ParameterSet();
    final ParameterSet gradients = new ParameterSet();

    /** One forward pass, kept for the backward pass. */
    record Pass(List<LstmLayer.Trace> traces, float[][] windows, int batch) {
    }

    GeneratorNetwork(final GanConfig config, final Random random) {
        this.config = config;
        this.stack = new LstmStack(config.latentSize(), config.hiddenSize(), config.layers(), random);
        this.output = new DenseLayer(config.hiddenSize(), config.features(), random);
        register();
    }

    /** A generator over flat parameters in {@link ParameterSet#flatten()} order (copied). */
    GeneratorNetwork(final GanConfig config, final float[] flat) {
        this.config = config;
        final GeneratorNetwork shape = new GeneratorNetwork(config, new Random(0));
        shape.parameters.assign(flat);
        this.stack = new LstmStack(config.latentSize(), config.hiddenSize(), config.layers(), shape.parameters.tensors(), 0);
        final List<float[]> tensors = shape.parameters.tensors();
        this.output = new DenseLayer(config.hiddenSize(), config.features(), tensors.get(tensors.size() - 2), tensors.get(tensors.size() - 1));
        register();
    }

    private void register() {
        stack.register("generator", parameters, gradients);
        output.register("generator.out", parameters, gradients);
    }

    /** Noise for {@code batch} windows: [latent x B] per step, standard normal. */
    float[][] noise(final int batch, final Random random) {
        final float[][] z = new float[config.windowLength()][batch * config.latentSize()];
        for (final float[] step : z) {
            for (int i = 0; i < step.length; i++) {
                step[i] = (float) random.nextGaussian();
            }
        }
        return z;
    }

    Pass forward(final float[][] noise, final int batch) {
        final List<LstmLayer.Trace> traces = stack.forward(noise, batch);
        final float[][] top = traces.get(traces.size() - 1).hidden;
        final float[][] windows = new float[top.length][];
        for (int t = 0; t < top.length; t++) {
            windows[t] = output.forward(top[t], batch);
        }
        return new Pass(traces, windows, batch);
    }

    /** Generated windows [F x B] per step, for inference. */
    float[][] generate(final float[][] noise, final int batch) {
        final float[][] top = stack.forwardHidden(noise, batch);
        final float[][] windows = new float[top.length][];
        for (int t = 0; t < top.length; t++) {
            windows[t] = output.forward(top[t], batch);
        }
        return windows;
    }

    /** Accumulates parameter gradients from the gradient with respect to the generated windows. */
    void backward(final Pass pass, final float[][] dWindows) {
        backward(pass, dWindows, true);
    }

    /** The gradient with respect to the noise [latent x B] per step, from that with respect to the windows; parameters untouched. */
    float[][] noiseGradient(final Pass pass, final float[][] dWindows) {
        return backward(pass, dWindows, false);
    }

    private float[][] backward(final Pass pass, final float[][] dWindows, final boolean accumulateParameterGradients) {
        final float[][] top = pass.traces().get(pass.traces().size() - 1).hidden;
        final float[][] dTop = new float[top.length][];
        for (int t = 0; t < top.length; t++) {
            dTop[t] = output.backward(top[t], dWindows[t], pass.batch(), accumulateParameterGradients);
        }
        return stack.backward(pass.traces(), dTop, accumulateParameterGradients);
    }
}
