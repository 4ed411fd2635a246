package io.twinstream.model;

import java.util.Arrays;
import java.util.Random;

/**
 * One GRU layer over a batch of sequences, forward and backward (back-propagation through time): the recurrent cell
 * of the TimeGAN protocol's post-hoc models. As TensorFlow's {@code GRUCell} computes it: reset and update gates
 * {@code [r ; u] = sigmoid(Wg^T [x_t ; h_(t-1)] + bg)}, candidate {@code c = tanh(Wc^T [x_t ; r * h_(t-1)] + bc)},
 * new state {@code h_t = u * h_(t-1) + (1 - u) * c}; Glorot-uniform weights, gate biases 1, candidate biases 0.
 *
 * <p>Layout as in {@link LstmLayer}: every per-step array is feature-major, [size x batch] row-major; inputs
 * {@code x[t]} are [I x B], states [H x B]; {@code Wg} is [(I+H) x 2H] (reset gates, then update gates) and {@code Wc}
 * [(I+H) x H].
 */
final class GruLayer {

    final int inputSize;
    final int hiddenSize;
    private final float[] gateWeights;
    private final float[] gateBias;
    private final float[] candidateWeights;
    private final float[] candidateBias;
    private final float[] gateWeightGrad;
    private final float[] gateBiasGrad;
    private final float[] candidateWeightGrad;
    private final float[] candidateBiasGrad;

    /** Activations of one forward pass, kept for the backward pass; arrays per step t. */
    static final class Trace {
        final int batch;
        final float[][] z;         // [(I+H) x B]: x_t stacked on h_(t-1)
        final float[][] zReset;    // [(I+H) x B]: x_t stacked on r * h_(t-1)
        final float[][] gates;     // [2H x B]: reset, update, after the sigmoid
        final float[][] candidate; // [H x B], after the tanh
        final float[][] hidden;    // [H x B]

        private Trace(final int steps, final int batch) {
            this.batch = batch;
            this.z = new float[steps][];
            this.zReset = new float[steps][];
            this.gates = new float[steps][];
            this.candidate = new float[steps][];
            this.hidden = new float[steps][];
        }
    }

    GruLayer(final int inputSize, final int hiddenSize, final Random random) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        final int rows = inputSize + hiddenSize;
        this.gateWeights = glorot(rows, 2 * hiddenSize, random);
        this.candidateWeights = glorot(rows, hiddenSize, random);
        this.gateBias = new float[2 * hiddenSize];
        Arrays.fill(gateBias, 1f);
        this.candidateBias = new float[hiddenSize];
        this.gateWeightGrad = new float[gateWeights.length];
        this.gateBiasGrad = new float[gateBias.length];
        this.candidateWeightGrad = new float[candidateWeights.length];
        this.candidateBiasGrad = new float[candidateBias.length];
    }

    private static float[] glorot(final int fanIn, final int fanOut, final Random random) {
        final float[] weights = new float[fanIn * fanOut];
        WeightedLayer.glorotUniform(weights, fanIn, fanOut, random);
        return weights;
    }

    void register(final String prefix, final ParameterSet parameters, final ParameterSet gradients) {
        parameters.add(prefix + ".Wg", gateWeights);
        parameters.add(prefix + ".bg", gateBias);
        parameters.add(prefix + ".Wc", candidateWeights);
        parameters.add(prefix + ".bc", candidateBias);
        gradients.add(prefix + ".Wg", gateWeightGrad);
        gradients.add(prefix + ".bg", gateBiasGrad);
        gradients.add(prefix + ".Wc", candidateWeightGrad);
        gradients.add(prefix + ".bc", candidateBiasGrad);
    }

    /** Runs the layer and keeps everything the backward pass needs. */
    Trace forward(final float[][] x, final int batch) {
        final int n = hiddenSize * batch;
        final int zSize = (inputSize + hiddenSize) * batch;
        final Trace trace = new Trace(x.length, batch);
        float[] previous = new float[n];
        for (int t = 0; t < x.length; t++) {
            final float[] z = new float[zSize];
            final float[] zReset = new float[zSize];
            final float[] gates = WeightedLayer.biasRows(gateBias, batch);
            final float[] candidate = WeightedLayer.biasRows(candidateBias, batch);
            final float[] hidden = new float[n];
            System.arraycopy(x[t], 0, z, 0, inputSize * batch);
            System.arraycopy(previous, 0, z, inputSize * batch, n);
            Blas.gemm(true, false, 2 * hiddenSize, batch, inputSize + hiddenSize, 1f, gateWeights, z, 1f, gates);
            Activations.sigmoid(gates, 0, 2 * n);
            System.arraycopy(x[t], 0, zReset, 0, inputSize * batch);
            for (int k = 0; k < n; k++) {
                zReset[inputSize * batch + k] = gates[k] * previous[k];
            }
            Blas.gemm(true, false, hiddenSize, batch, inputSize + hiddenSize, 1f, candidateWeights, zReset, 1f, candidate);
            Activations.tanh(candidate, 0, n);
            for (int k = 0; k < n; k++) {
                final float update = gates[n + k];
                hidden[k] = update * previous[k] + (1 - update) * candidate[k];
            }
            trace.z[t] = z;
            trace.zReset[t] = zReset;
            trace.gates[t] = gates;
            trace.candidate[t] = candidate;
            trace.hidden[t] = hidden;
            previous = hidden;
        }
        return trace;
    }

    /** The hidden state of every step, [H x B] each. */
    float[][] forwardHidden(final float[][] x, final int batch) {
        return forward(x, batch).hidden;
    }

    /**
     * Back-propagates through time.
     *
     * @param dHidden gradient of the loss with respect to each step's hidden output [H x B], or null for none at a step
     * @param accumulateParameterGradients add this pass's gradients into the parameters' gradients
     * @return gradient with respect to each step's input [I x B]
     */
    float[][] backward(final Trace trace, final float[][] dHidden, final boolean accumulateParameterGradients) {
        final int steps = trace.hidden.length;
        final int batch = trace.batch;
        final int h = hiddenSize;
        final int n = h * batch;
        final int zRows = inputSize + h;
        final int inputCells = inputSize * batch;
        final float[][] dInput = new float[steps][];
        final float[] zeros = new float[n];
        final float[] dNext = new float[n];        // gradient reaching h_t from the steps after it
        final float[] dCandidatePre = new float[n];
        final float[] dGatesPre = new float[2 * n];
        final float[] dzReset = new float[zRows * batch];
        final float[] dz = new float[zRows * batch];
        for (int t = steps - 1; t >= 0; t--) {
            final float[] previous = t > 0 ? trace.hidden[t - 1] : zeros;
            final float[] gates = trace.gates[t];
            final float[] candidate = trace.candidate[t];
            final float[] dh = dHidden[t] == null ? zeros : dHidden[t];
            final float[] dPrevious = new float[n];
            for (int k = 0; k < n; k++) {
                final float update = gates[n + k];
                final float grad = dh[k] + dNext[k];
                dCandidatePre[k] = grad * (1 - update) * (1 - candidate[k] * candidate[k]);
                dGatesPre[n + k] = grad * (previous[k] - candidate[k]) * update * (1 - update);
                dPrevious[k] = grad * update;
            }
            Blas.gemm(false, false, zRows, batch, h, 1f, candidateWeights, dCandidatePre, 0f, dzReset);
            for (int k = 0; k < n; k++) {
                final float reset = gates[k];
                final float dResetHidden = dzReset[inputCells + k];
                dGatesPre[k] = dResetHidden * previous[k] * reset * (1 - reset);
                dPrevious[k] += dResetHidden * reset;
            }
            Blas.gemm(false, false, zRows, batch, 2 * h, 1f, gateWeights, dGatesPre, 0f, dz);
            final float[] dx = new float[inputCells];
            for (int k = 0; k < inputCells; k++) {
                dx[k] = dzReset[k] + dz[k];
            }
            dInput[t] = dx;
            for (int k = 0; k < n; k++) {
                dNext[k] = dPrevious[k] + dz[inputCells + k];
            }
            if (accumulateParameterGradients) {
                Blas.gemm(false, true, zRows, h, batch, 1f, trace.zReset[t], dCandidatePre, 1f, candidateWeightGrad);
                Blas.gemm(false, true, zRows, 2 * h, batch, 1f, trace.z[t], dGatesPre, 1f, gateWeightGrad);
                WeightedLayer.addRowSums(dCandidatePre, batch, candidateBiasGrad);
                WeightedLayer.addRowSums(dGatesPre, batch, gateBiasGrad);
            }
        }
        return dInput;
    }
}
