package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** LSTM layers one above the other; the first takes the network's input, each next one the hidden states below. */
final class LstmStack {

    final List<LstmLayer> layers;

    LstmStack(final int inputSize, final int hiddenSize, final int count, final Random random) {
        this.layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(new LstmLayer(i == 0 ? inputSize : hiddenSize, hiddenSize, random));
        }
    }

    /** A stack over parameter arrays in {@link #register} order (not copied). */
    LstmStack(final int inputSize, final int hiddenSize, final int count, final List<float[]> parameters, final int from) {
        this.layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(new LstmLayer(i == 0 ? inputSize : hiddenSize, hiddenSize, parameters.get(from + 2 * i),
                    parameters.get(from + 2 * i + 1)));
        }
    }

    void register(final String prefix, final ParameterSet parameters, final ParameterSet gradients) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).register(prefix + ".lstm" + i, parameters, gradients);
        }
    }

    /** Forward with traces; the top layer's hidden states are {@code traces.get(last).hidden}. */
    List<LstmLayer.Trace> forward(final float[][] x, final int batch) {
        final List<LstmLayer.Trace> traces = new ArrayList<>(layers.size());
        float[][] input = x;
        for (final LstmLayer layer : layers) {
            final LstmLayer.Trace trace = layer.forward(input, batch);
            traces.add(trace);
            input = trace.hidden;
        }
        return traces;
    }

    /** Forward for inference: the top layer's hidden state of every step [H x B]. */
    float[][] forwardHidden(final float[][] x, final int batch) {
        float[][] input = x;
        for (final LstmLayer layer : layers) {
            input = layer.forwardHidden(input, batch);
        }
        return input;
    }

    /**
     * Forward for inference, all layers step by step, keeping only the current states: the top layer's hidden state
     * after the last step, its sum over all steps and its sum of squares over all steps, each [H x B].
     */
    float[][] forwardSummary(final float[][] x, final int batch) {
        final List<LstmLayer.Runner> runners = new ArrayList<>(layers.size());
        for (final LstmLayer layer : layers) {
            runners.add(layer.new Runner(batch));
        }
        float[] top = null;
        final float[] sum = new float[layers.get(layers.size() - 1).hiddenSize * batch];
        final float[] sumOfSquares = new float[sum.length];
        for (final float[] input : x) {
            top = input;
            for (final LstmLayer.Runner runner : runners) {
                top = runner.step(top);
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += top[k];
                sumOfSquares[k] += top[k] * top[k];
            }
        }
        return new float[][] {top.clone(), sum, sumOfSquares};
    }

    /** Back-propagates from the top layer's hidden-state gradients to the input's. */
    float[][] backward(final List<LstmLayer.Trace> traces, final float[][] dTopHidden, final boolean accumulateParameterGradients) {
        float[][] gradient = dTopHidden;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(traces.get(i), gradient, accumulateParameterGradients);
        }
        return gradient;
    }
}
