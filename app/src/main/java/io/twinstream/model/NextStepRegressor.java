package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small recurrent model that predicts, at every step of a sequence, the next step's value of its last feature, for
 * judging synthetic data after the fact: trained on one set of sequences, its error on another says how much of the
 * second set's dynamics the first carries. One GRU layer over the other features of steps 0..L-2 (over the last
 * feature itself when it is the only one), each step's hidden state through a dense layer and a sigmoid (values are
 * min-max scaled to [0, 1]) to the last feature of steps 1..L-1; mean absolute error, Adam. Sequences are
 * {@code double[L*F]}, step-major, like windows.
 */
public final class NextStepRegressor {

    private final int length;
    private final int features;
    private final int inputs;
    private final ProbeNetwork network;

    /**
     * @param length steps L per sequence (at least 2)
     * @param features values F per step
     * @param hiddenSize GRU units
     * @param learningRate Adam step size
     * @param seed seed of the initial weights
     */
    public NextStepRegressor(final int length, final int features, final int hiddenSize, final double learningRate, final long seed) {
        if (length < 2 || features < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("a next-step model needs at least 2 steps, 1 feature and 1 unit, not " + length + ", "
                    + features + ", " + hiddenSize);
        }
        this.length = length;
        this.features = features;
        this.inputs = Math.max(1, features - 1);
        this.network = new ProbeNetwork("regressor", inputs, hiddenSize, learningRate, seed);
    }

    /**
     * Trains for {@code iterations} updates on {@code batchSize} sequences drawn at random.
     *
     * @return the mean absolute error of the last tenth of the updates' batches
     */
    public double train(final List<double[]> sequences, final int iterations, final int batchSize, final Random random) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no sequences to train on");
        }
        double recentError = 0;
        final int recentFrom = iterations - Math.max(1, iterations / 10);
        for (int i = 0; i < iterations; i++) {
            final List<double[]> batch = new ArrayList<>(batchSize);
            for (int b = 0; b < batchSize; b++) {
                batch.add(sequences.get(random.nextInt(sequences.size())));
            }
            final double error = update(batch);
            if (i >= recentFrom) {
                recentError += error / (iterations - recentFrom);
            }
        }
        return recentError;
    }

    private double update(final List<double[]> batch) {
        final int n = batch.size();
        final int steps = length - 1;
        final GruLayer.Trace trace = network.recurrent.forward(inputSteps(batch), n);
        final float[][] dHidden = new float[steps][];
        double error = 0;
        network.gradients.fill(0f);
        for (int t = 0; t < steps; t++) {
            final float[] predicted = network.output.forward(trace.hidden[t], n);
            final float[] dPredicted = new float[n];
            for (int b = 0; b < n; b++) {
                final float p = Activations.sigmoid(predicted[b]);
                final double difference = p - target(batch.get(b), t);
                error += Math.abs(difference) / (n * steps);
                dPredicted[b] = (float) (Math.signum(difference) * p * (1 - p) / (n * steps));
            }
            dHidden[t] = network.output.backward(trace.hidden[t], dPredicted, n, true);
        }
        network.recurrent.backward(trace, dHidden, true);
        network.update();
        return error;
    }

    /** Mean absolute error of the predictions over every predicted step of every sequence. */
    public double meanAbsoluteError(final List<double[]> sequences) {
        final int n = sequences.size();
        if (n == 0) {
            throw new IllegalArgumentException("no sequences to measure the error on");
        }
        final float[][] hidden = network.recurrent.forwardHidden(inputSteps(sequences), n);
        double error = 0;
        for (int t = 0; t < length - 1; t++) {
            final float[] predicted = network.output.forward(hidden[t], n);
            for (int b = 0; b < n; b++) {
                error += Math.abs(Activations.sigmoid(predicted[b]) - target(sequences.get(b), t));
            }
        }
        return error / ((double) n * (length - 1));
    }

    /** Steps 0..L-2 of the input features, per step [inputs x B]. */
    private float[][] inputSteps(final List<double[]> sequences) {
        final int n = sequences.size();
        final float[][] steps = new float[length - 1][inputs * n];
        for (int b = 0; b < n; b++) {
            final double[] sequence = sequences.get(b);
            if (sequence.length != length * features) {
                throw new IllegalArgumentException("sequence " + b + " has " + sequence.length + " values; the model takes " + length
                        + " steps x " + features + " features");
            }
            for (int t = 0; t < length - 1; t++) {
                for (int i = 0; i < inputs; i++) {
                    steps[t][i * n + b] = (float) sequence[t * features + i];
                }
            }
        }
        return steps;
    }

    /** The last feature at step t + 1: what step t predicts. */
    private double target(final double[] sequence, final int t) {
        return sequence[(t + 1) * features + features - 1];
    }
}
