package io.twinstream.model;

import java.util.Arrays;
import java.util.Random;

/**
 * One LSTM layer over a batch of sequences, forward and backward (back-propagation through time).
 *
 * <p>Layout: every per-step array is feature-major, [size x batch] row-major, so that value i of sequence b is at
 * {@code i * batch + b}: an input step {@code x[t]} is [I x B], hidden and cell states are [H x B]. Weights are
 * [(I+H) x 4H] and act on the step's stacked input [x_t ; h_(t-1)] of [(I+H) x B], so each step is one matrix product
 * {@code gates[4H x B] = W^T z}. Gates are laid out input, forget, output (sigmoids) then cell candidate (tanh): every
 * element-wise stage is one long contiguous loop, which the JIT turns into vector instructions.
 */
final class LstmLayer extends WeightedLayer {

    final int inputSize;
    final int hiddenSize;

    /** Activations of one forward pass, kept for the backward pass; arrays per step t. */
    static final class Trace {
        final int batch;
        final float[][] z;      // [(I+H) x B]: x_t stacked on h_(t-1)
        final float[][] gates;  // [4H x B]: input, forget, output, candidate after their activations
        final float[][] cell;   // [H x B]
        final float[][] tanhCell;
        final float[][] hidden; // [H x B]

        Trace(final int steps, final int batch) {
            this.batch = batch;
            this.z = new float[steps][];
            this.gates = new float[steps][];
            this.cell = new float[steps][];
            this.tanhCell = new float[steps][];
            this.hidden = new float[steps][];
        }
    }

    /** A layer with freshly initialised weights (Glorot uniform) and forget-gate bias 1. */
    LstmLayer(final int inputSize, final int hiddenSize, final Random random) {
        this(inputSize, hiddenSize, new float[(inputSize + hiddenSize) * 4 * hiddenSize], new float[4 * hiddenSize]);
        initialiseGlorot(inputSize + hiddenSize, 4 * hiddenSize, random);
        Arrays.fill(bias, hiddenSize, 2 * hiddenSize, 1f);
    }

    /** A layer over the given parameter arrays (not copied). */
    LstmLayer(final int inputSize, final int hiddenSize, final float[] weights, final float[] bias) {
        super(weights, bias);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    /** Runs the layer and keeps everything the backward pass needs. */
    Trace forward(final float[][] x, final int batch) {
        final int steps = x.length;
        final int stateSize = hiddenSize * batch;
        final Trace trace = new Trace(steps, batch);
        final float[] biasRows = biasRows(bias, batch);
        float[] previousHidden = new float[stateSize];
        float[] previousCell = new float[stateSize];
        for (int t = 0; t < steps; t++) {
            trace.z[t] = new float[(inputSize + hiddenSize) * batch];
            stack(trace.z[t], x[t], previousHidden);
            trace.gates[t] = new float[4 * stateSize];
            trace.cell[t] = new float[stateSize];
            trace.tanhCell[t] = new float[stateSize];
            trace.hidden[t] = new float[stateSize];
            step(trace.z[t], previousCell, batch, biasRows, trace.gates[t], trace.cell[t], trace.tanhCell[t], trace.hidden[t]);
            previousHidden = trace.hidden[t];
            previousCell = trace.cell[t];
        }
        return trace;
    }

    /** Runs the layer for inference: only the hidden states of every step are kept. */
    float[][] forwardHidden(final float[][] x, final int batch) {
        final Runner runner = new Runner(batch);
        final float[][] hidden = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            hidden[t] = runner.step(x[t]).clone();
        }
        return hidden;
    }

    /**
     * Inference one step at a time, with the state in arrays allocated once: what a stack of layers needs to run
     * all its layers step by step, keeping nothing but the current state.
     */
    final class Runner {
        private final int batch;
        private final float[] biasRows;
        private final float[] z;
        private final float[] gates;
        private final float[] tanhCell;
        private float[] cell;
        private float[] nextCell;
        private final float[] hidden;

        Runner(final int batch) {
            this.batch = batch;
            this.biasRows = biasRows(bias, batch);
            final int stateSize = hiddenSize * batch;
            this.z = new float[(inputSize + hiddenSize) * batch];
            this.gates = new float[4 * stateSize];
            this.tanhCell = new float[stateSize];
            this.cell = new float[stateSize];
            this.nextCell = new float[stateSize];
            this.hidden = new float[stateSize];
        }

        /** Takes the next input step [I x B]; returns the new hidden state [H x B] (overwritten by the next call). */
        float[] step(final float[] x) {
            stack(z, x, hidden);
            LstmLayer.this.step(z, cell, batch, biasRows, gates, nextCell, tanhCell, hidden);
            final float[] swap = cell;
            cell = nextCell;
            nextCell = swap;
            return hidden;
        }
    }

    /** z = [x ; h]: in feature-major layout that is one block after the other. */
    private static void stack(final float[] z, final float[] x, final float[] previousHidden) {
        System.arraycopy(x, 0, z, 0, x.length);
        System.arraycopy(previousHidden, 0, z, x.length, previousHidden.length);
    }


    /**
     * One step: gates from z, then the new cell and hidden state. Every loop runs over whole [rows x B] blocks, so its
     * trip count grows with the batch and the JIT vectorises it whatever batch sizes it saw first.
     */
    private void step(final float[] z, final float[] previousCell, final int batch, final float[] biasRows, final float[] gates,
                      final float[] cell, final float[] tanhCell, final float[] hidden) {
        final int n = hiddenSize * batch;
        System.arraycopy(biasRows, 0, gates, 0, gates.length);
        Blas.gemm(true, false, 4 * hiddenSize, batch, inputSize + hiddenSize, 1f, weights, z, 1f, gates);
        Activations.sigmoid(gates, 0, 3 * n);
        Activations.tanh(gates, 3 * n, 4 * n);
        for (int k = 0; k < n; k++) {
            cell[k] = gates[n + k] * previousCell[k] + gates[k] * gates[3 * n + k];
        }
        for (int k = 0; k < n; k++) {
            tanhCell[k] = Activations.tanh(cell[k]);
        }
        for (int k = 0; k < n; k++) {
            hidden[k] = gates[2 * n + k] * tanhCell[k];
        }
    }

    /**
     * Back-propagates through time.
     *
     * @param trace the forward pass
     * @param dHidden gradient of the loss with respect to each step's hidden output [H x B], or null for none at a step
     * @param accumulateParameterGradients add this pass's gradients into {@link #weightGrad} and {@link #biasGrad}
     * @return gradient with respect to each step's input [I x B]
     */
    float[][] backward(final Trace trace, final float[][] dHidden, final boolean accumulateParameterGradients) {
        final int steps = trace.z.length;
        final int batch = trace.batch;
        final int h = hiddenSize;
        final int n = h * batch;
        final int zRows = inputSize + h;
        final float[][] dInput = new float[steps][];
        final float[] dPre = new float[4 * n];
        final float[] dz = new float[zRows * batch];
        final float[] dHiddenNext = new float[n];
        final float[] dCellNext = new float[n];
        final float[] zeros = new float[n];
        for (int t = steps - 1; t >= 0; t--) {
            final float[] gates = trace.gates[t];
            final float[] previousCell = t > 0 ? trace.cell[t - 1] : zeros;
            final float[] tanhCell = trace.tanhCell[t];
            final float[] dh = dHidden[t] == null ? zeros : dHidden[t];
            for (int k = 0; k < n; k++) {
                final float in = gates[k];
                final float forget = gates[n + k];
                final float out = gates[2 * n + k];
                final float candidate = gates[3 * n + k];
                final float gradHidden = dh[k] + dHiddenNext[k];
                final float tc = tanhCell[k];
                final float gradCell = gradHidden * out * (1 - tc * tc) + dCellNext[k];
                dPre[k] = gradCell * candidate * in * (1 - in);
                dPre[n + k] = gradCell * previousCell[k] * forget * (1 - forget);
                dPre[2 * n + k] = gradHidden * tc * out * (1 - out);
                dPre[3 * n + k] = gradCell * in * (1 - candidate * candidate);
                dCellNext[k] = gradCell * forget;
            }
            if (accumulateParameterGradients) {
                Blas.gemm(false, true, zRows, 4 * h, batch, 1f, trace.z[t], dPre, 1f, weightGrad);
                addRowSums(dPre, batch, biasGrad);
            }
            Blas.gemm(false, false, zRows, batch, 4 * h, 1f, weights, dPre, 0f, dz);
            dInput[t] = Arrays.copyOf(dz, inputSize * batch);
            System.arraycopy(dz, inputSize * batch, dHiddenNext, 0, n);
        }
        return dInput;
    }
}
