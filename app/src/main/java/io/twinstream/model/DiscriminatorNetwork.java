package io.twinstream.model;

import io.twinstream.config.DiscriminatorView;
import java.util.List;
import java.util.Random;

/**
 * The discriminator: a window [F x B] per step (centred on its own mean in the {@link DiscriminatorView#SHAPE} view),
 * widened to [2F x B] by each feature's change since the previous step (scaled by {@link #CHANGE_SCALE}; 0 at the
 * first step), through the LSTM stack; the last step's hidden state through a dense layer to one logit per window, the
 * log-odds that the window is real. In the {@link DiscriminatorView#SEQUENCE} view training judges every step's hidden
 * state the same way (the log-odds that the window so far is real). Seeing the changes as inputs lets it judge a
 * window's local shape (jumps, stillness, roughness) apart from where in its cycle the window lies.
 */
final class DiscriminatorNetwork {

    /** Step-to-step changes of normalised values are small; this brings them to the values' scale. */
    static final float CHANGE_SCALE = 5f;

    final GanConfig config;
    final LstmStack stack;
    final DenseLayer output;
    final ParameterSet parameters = new ParameterSet();
    final ParameterSet gradients = new ParameterSet();

    /**
     * One forward pass, kept for the backward pass.
     *
     * @param logits per judged step a logit per window [B]: the last step only, or every step in the sequence view
     */
    record Pass(List<LstmLayer.Trace> traces, float[][] logits, int batch) {
    }

    DiscriminatorNetwork(final GanConfig config, final Random random) {
        this.config = config;
        this.stack = new LstmStack(2 * config.features(), config.hiddenSize(), config.layers(), random);
        this.output = new DenseLayer(config.hiddenSize(), 1, random);
        register();
    }

    /** A discriminator over flat parameters in {@link ParameterSet#flatten()} order (copied). */
    DiscriminatorNetwork(final GanConfig config, final float[] flat) {
        this.config = config;
        final DiscriminatorNetwork shape = new DiscriminatorNetwork(config, new Random(0));
        shape.parameters.assign(flat);
        final List<float[]> tensors = shape.parameters.tensors();
        this.stack = new LstmStack(2 * config.features(), config.hiddenSize(), config.layers(), tensors, 0);
        this.output = new DenseLayer(config.hiddenSize(), 1, tensors.get(tensors.size() - 2), tensors.get(tensors.size() - 1));
        register();
    }

    private void register() {
        stack.register("discriminator", parameters, gradients);
        output.register("discriminator.out", parameters, gradients);
    }

    Pass forward(final float[][] windows, final int batch) {
        final List<LstmLayer.Trace> traces = stack.forward(withChanges(windows, batch), batch);
        final float[][] top = traces.get(traces.size() - 1).hidden;
        final float[][] logits = new float[judgesEveryStep() ? top.length : 1][];
        for (int j = 0; j < logits.length; j++) {
            logits[j] = output.forward(top[top.length - logits.length + j], batch);
        }
        return new Pass(traces, logits, batch);
    }

    private boolean judgesEveryStep() {
        return config.discriminatorView() == DiscriminatorView.SEQUENCE;
    }

    /** Logits for inference. */
    float[] logits(final float[][] windows, final int batch) {
        return output.forward(summary(windows, batch)[0], batch);
    }

    /** For inference: the top layer's last hidden state, its sum and its sum of squares over the steps, [H x B] each. */
    float[][] summary(final float[][] windows, final int batch) {
        return stack.forwardSummary(withChanges(windows, batch), batch);
    }

    /** Per step, [F x B] values to [2F x B]: the values, then their scaled changes since the previous step. */
    private float[][] withChanges(final float[][] windows, final int batch) {
        final int width = config.features() * batch;
        final float[][] widened = new float[windows.length][2 * width];
        final float[] mean = config.discriminatorView() == DiscriminatorView.SHAPE ? stepMean(windows, width) : new float[width];
        for (int t = 0; t < windows.length; t++) {
            for (int k = 0; k < width; k++) {
                widened[t][k] = windows[t][k] - mean[k];
            }
            if (t > 0) {
                for (int k = 0; k < width; k++) {
                    widened[t][width + k] = CHANGE_SCALE * (windows[t][k] - windows[t - 1][k]);
                }
            }
        }
        return widened;
    }

    /** The mean over the steps of each step's first {@code width} values. */
    private static float[] stepMean(final float[][] steps, final int width) {
        final float[] mean = new float[width];
        for (final float[] step : steps) {
            for (int k = 0; k < width; k++) {
                mean[k] += step[k] / steps.length;
            }
        }
        return mean;
    }

    /** The gradient with respect to the values, from the gradient with respect to the widened input. */
    private float[][] narrowGradient(final float[][] dWidened, final int batch) {
        final int width = config.features() * batch;
        final float[][] dWindows = new float[dWidened.length][width];
        final float[] meanGradient = config.discriminatorView() == DiscriminatorView.SHAPE ? stepMean(dWidened, width) : new float[width];
        for (int t = 0; t < dWidened.length; t++) {
            for (int k = 0; k < width; k++) {
                float d = dWidened[t][k] - meanGradient[k];
                if (t > 0) {
                    d += CHANGE_SCALE * dWidened[t][width + k];
                }
                if (t + 1 < dWidened.length) {
                    d -= CHANGE_SCALE * dWidened[t + 1][width + k];
                }
                dWindows[t][k] = d;
            }
        }
        return dWindows;
    }

    /**
     * Back-propagates from the logits' gradients.
     *
     * @param dLogits gradients of the logits, in the layout of {@link Pass#logits()}
     * @param accumulateParameterGradients false when the discriminator is held still (the generator's update)
     * @return gradient with respect to the input windows, [F x B] per step
     */
    float[][] backward(final Pass pass, final float[][] dLogits, final boolean accumulateParameterGradients) {
        final List<LstmLayer.Trace> traces = pass.traces();
        final float[][] top = traces.get(traces.size() - 1).hidden;
        final float[][] dTop = new float[top.length][];
        for (int j = 0; j < dLogits.length; j++) {
            final int t = top.length - dLogits.length + j;
            dTop[t] = output.backward(top[t], dLogits[j], pass.batch(), accumulateParameterGradients);
        }
        return narrowGradient(stack.backward(traces, dTop, accumulateParameterGradients), pass.batch());
    }
}
