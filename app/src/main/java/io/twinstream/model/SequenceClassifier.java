package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small recurrent classifier of whole sequences, for judging synthetic data after the fact: one GRU layer, its
 * last hidden state through a dense layer to one logit, binary cross-entropy, Adam. It learns to tell one set of
 * sequences (labelled 1) from another (labelled 0); how well it does on sequences it never saw measures how far apart
 * the two sets are. Sequences are {@code double[L*F]}, step-major, like windows.
 */
public final class SequenceClassifier {

    private final int length;
    private final int features;
    private final ProbeNetwork network;

    /**
     * @param length steps L per sequence
     * @param features values F per step
     * @param hiddenSize GRU units
     * @param learningRate Adam step size
     * @param seed seed of the initial weights
     */
    public SequenceClassifier(final int length, final int features, final int hiddenSize, final double learningRate, final long seed) {
        if (length < 1 || features < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("a classifier needs at least 1 step, feature and unit, not " + length + ", "
                    + features + ", " + hiddenSize);
        }
        this.length = length;
        this.features = features;
        this.network = new ProbeNetwork("classifier", features, hiddenSize, learningRate, seed);
    }

    /**
     * Trains for {@code iterations} updates, each on {@code batchSize} sequences drawn at random from each set.
     *
     * @return the mean loss of the last tenth of the updates
     */
    public double train(final List<double[]> positives, final List<double[]> negatives, final int iterations, final int batchSize,
                        final Random random) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            throw new IllegalArgumentException("both sets need sequences to train on (" + positives.size() + " and " + negatives.size() + ")");
        }
        double recentLoss = 0;
        final int recentFrom = iterations - Math.max(1, iterations / 10);
        for (int i = 0; i < iterations; i++) {
            final List<double[]> batch = new ArrayList<>(2 * batchSize);
            for (int b = 0; b < batchSize; b++) {
                batch.add(positives.get(random.nextInt(positives.size())));
            }
            for (int b = 0; b < batchSize; b++) {
                batch.add(negatives.get(random.nextInt(negatives.size())));
            }
            final double loss = update(batch, batchSize);
            if (i >= recentFrom) {
                recentLoss += loss / (iterations - recentFrom);
            }
        }
        return recentLoss;
    }

    /** One Adam update on a batch whose first {@code positives} sequences are labelled 1, the rest 0; returns the loss. */
    private double update(final List<double[]> batch, final int positives) {
        final int n = batch.size();
        final GruLayer.Trace trace = network.recurrent.forward(WindowTensor.toSteps(batch, length, features), n);
        final float[] last = trace.hidden[length - 1];
        final float[] logits = network.output.forward(last, n);
        final float[] dLogits = new float[n];
        double loss = 0;
        for (int b = 0; b < n; b++) {
            final double target = b < positives ? 1 : 0;
            loss += Activations.binaryCrossEntropy(logits[b], target) / n;
            dLogits[b] = (float) ((Activations.sigmoid(logits[b]) - target) / n);
        }
        network.gradients.fill(0f);
        final float[][] dHidden = new float[length][];
        dHidden[length - 1] = network.output.backward(last, dLogits, n, true);
        network.recurrent.backward(trace, dHidden, true);
        network.update();
        return loss;
    }

    /** The probability, per sequence, that it belongs to the set labelled 1. */
    public double[] probabilities(final List<double[]> sequences) {
        final int n = sequences.size();
        if (n == 0) {
            return new double[0];
        }
        final float[][] hidden = network.recurrent.forwardHidden(WindowTensor.toSteps(sequences, length, features), n);
        final float[] logits = network.output.forward(hidden[length - 1], n);
        final double[] probabilities = new double[n];
        for (int b = 0; b < n; b++) {
            probabilities[b] = Activations.sigmoid(logits[b]);
        }
        return probabilities;
    }

    /** The share of sequences put in the right set (probability above 0.5 for the first set, not above for the second). */
    public double accuracy(final List<double[]> positives, final List<double[]> negatives) {
        int right = 0;
        for (final double p : probabilities(positives)) {
            right += p > 0.5 ? 1 : 0;
        }
        for (final double p : probabilities(negatives)) {
            right += p > 0.5 ? 0 : 1;
        }
        return (double) right / (positives.size() + negatives.size());
    }
}
