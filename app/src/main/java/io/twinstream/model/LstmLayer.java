package io.twinstream.model;

import java.util.Arrays;
import java.util.Random;

/**
 * One LSTM layer over a batch of sequences, forward and backward (back-propagation through time).
 *
 * <p>Shapes, all row-major {@code float[]}: an input sequence is {@code x[t]} of [batch x inputSize] per step;
 * weights are [(inputSize + hiddenSize) x 4*hiddenSize] acting on the step's concatenated [x_t | h_(t-1)]; gates are
 * ordered input, forget, cell candidate, output. Each step is then one matrix product of [batch x (I+H)] by
 * [(I+H) x 4H], plus element-wise gate arithmetic.
 */
final class LstmLayer {

    final int inputSize;
    final int hiddenSize;
    final float[] weights;
    final float[] bias;
    final float[] weightGrad;
    final float[] biasGrad;

    /** Activations of one forward pass, kept for the backward pass; arrays per step t. */
    static final class Trace {
        final int batch;
        final float[][] z;      // [B x (I+H)]: x_t | h_(t-1)
        final float[][] gates;  // [B x 4H]: i, f, g, o after their activations
        final float[][] cell;   // [B x H]
        final float[][] tanhCell;
        final float[][] hidden; // [B x H]

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
        final double limit = Math.sqrt(6.0 / (inputSize + hiddenSize + 4 * hiddenSize));
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        Arrays.fill(bias, hiddenSize, 2 * hiddenSize, 1f);
    }

    /** A layer over the given parameter arrays (not copied). */
    LstmLayer(final int inputSize, final int hiddenSize, final float[] weights, final float[] bias) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weights = weights;
        this.bias = bias;
        this.weightGrad = new float[weights.length];
        this.biasGrad = new float[bias.length];
    }

    void register(final String prefix, final ParameterSet parameters, final ParameterSet gradients) {
        parameters.add(prefix + ".W", weights);
        parameters.add(prefix + ".b", bias);
        gradients.add(prefix + ".W", weightGrad);
        gradients.add(prefix + ".b", biasGrad);
    }

    /** Runs the layer and keeps everything the backward pass needs. */
    Trace forward(final float[][] x, final int batch) {
        final int steps = x.length;
        final int h = hiddenSize;
        final Trace trace = new Trace(steps, batch);
        float[] previousHidden = new float[batch * h];
        float[] previousCell = new float[batch * h];
        for (int t = 0; t < steps; t++) {
            trace.z[t] = concat(x[t], previousHidden, batch);
            trace.gates[t] = new float[batch * 4 * h];
            trace.cell[t] = new float[batch * h];
            trace.tanhCell[t] = new float[batch * h];
            trace.hidden[t] = new float[batch * h];
            step(trace.z[t], previousCell, batch, trace.gates[t], trace.cell[t], trace.tanhCell[t], trace.hidden[t]);
            previousHidden = trace.hidden[t];
            previousCell = trace.cell[t];
        }
        return trace;
    }

    /** Runs the layer for inference: only the hidden states of every step are kept. */
    float[][] forwardHidden(final float[][] x, final int batch) {
        final int steps = x.length;
        final int h = hiddenSize;
        final float[][] hidden = new float[steps][];
        final float[] z = new float[batch * (inputSize + h)];
        final float[] gates = new float[batch * 4 * h];
        final float[] tanhCell = new float[batch * h];
        float[] cell = new float[batch * h];
        float[] nextCell = new float[batch * h];
        float[] previousHidden = new float[batch * h];
        for (int t = 0; t < steps; t++) {
            fillConcat(z, x[t], previousHidden, batch);
            hidden[t] = new float[batch * h];
            step(z, cell, batch, gates, nextCell, tanhCell, hidden[t]);
            final float[] swap = cell;
            cell = nextCell;
            nextCell = swap;
            previousHidden = hidden[t];
        }
        return hidden;
    }

    /** One step: gates from z, then the new cell and hidden state. */
    private void step(final float[] z, final float[] previousCell, final int batch, final float[] gates, final float[] cell,
                      final float[] tanhCell, final float[] hidden) {
        final int h = hiddenSize;
        final int width = 4 * h;
        Blas.gemm(false, false, batch, width, inputSize + h, 1f, z, weights, 0f, gates);
        for (int b = 0; b < batch; b++) {
            final int row = b * width;
            final int cellRow = b * h;
            for (int j = 0; j < h; j++) {
                final float in = Activations.sigmoid(gates[row + j] + bias[j]);
                final float forget = Activations.sigmoid(gates[row + h + j] + bias[h + j]);
                final float candidate = Activations.tanh(gates[row + 2 * h + j] + bias[2 * h + j]);
                final float out = Activations.sigmoid(gates[row + 3 * h + j] + bias[3 * h + j]);
                gates[row + j] = in;
                gates[row + h + j] = forget;
                gates[row + 2 * h + j] = candidate;
                gates[row + 3 * h + j] = out;
                final float c = forget * previousCell[cellRow + j] + in * candidate;
                final float tc = Activations.tanh(c);
                cell[cellRow + j] = c;
                tanhCell[cellRow + j] = tc;
                hidden[cellRow + j] = out * tc;
            }
        }
    }

    /**
     * Back-propagates through time.
     *
     * @param trace the forward pass
     * @param dHidden gradient of the loss with respect to each step's hidden output [B x H], or null for none at a step
     * @param accumulateParameterGradients add this pass's gradients into {@link #weightGrad} and {@link #biasGrad}
     * @return gradient with respect to each step's input [B x I]
     */
    float[][] backward(final Trace trace, final float[][] dHidden, final boolean accumulateParameterGradients) {
        final int steps = trace.z.length;
        final int batch = trace.batch;
        final int h = hiddenSize;
        final int width = 4 * h;
        final int zWidth = inputSize + h;
        final float[][] dInput = new float[steps][];
        final float[] dPre = new float[batch * width];
        final float[] dz = new float[batch * zWidth];
        float[] dHiddenNext = new float[batch * h];
        float[] dCellNext = new float[batch * h];
        final float[] zeros = new float[batch * h];
        for (int t = steps - 1; t >= 0; t--) {
            final float[] gates = trace.gates[t];
            final float[] previousCell = t > 0 ? trace.cell[t - 1] : zeros;
            final float[] tanhCell = trace.tanhCell[t];
            final float[] dh = dHidden[t];
            for (int b = 0; b < batch; b++) {
                final int row = b * width;
                final int cellRow = b * h;
                for (int j = 0; j < h; j++) {
                    final float in = gates[row + j];
                    final float forget = gates[row + h + j];
                    final float candidate = gates[row + 2 * h + j];
                    final float out = gates[row + 3 * h + j];
                    final float gradHidden = (dh == null ? 0f : dh[cellRow + j]) + dHiddenNext[cellRow + j];
                    final float tc = tanhCell[cellRow + j];
                    final float gradCell = gradHidden * out * (1 - tc * tc) + dCellNext[cellRow + j];
                    dPre[row + j] = gradCell * candidate * in * (1 - in);
                    dPre[row + h + j] = gradCell * previousCell[cellRow + j] * forget * (1 - forget);
                    dPre[row + 2 * h + j] = gradCell * in * (1 - candidate * candidate);
                    dPre[row + 3 * h + j] = gradHidden * tc * out * (1 - out);
                    dCellNext[cellRow + j] = gradCell * forget;
                }
            }
            if (accumulateParameterGradients) {
                Blas.gemm(true, false, zWidth, width, batch, 1f, trace.z[t], dPre, 1f, weightGrad);
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < width; j++) {
                        biasGrad[j] += dPre[b * width + j];
                    }
                }
            }
            Blas.gemm(false, true, batch, zWidth, width, 1f, dPre, weights, 0f, dz);
            final float[] dx = new float[batch * inputSize];
            final float[] nextHidden = t > 0 ? dHiddenNext : null;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(dz, b * zWidth, dx, b * inputSize, inputSize);
                if (nextHidden != null) {
                    System.arraycopy(dz, b * zWidth + inputSize, nextHidden, b * h, h);
                }
            }
            dInput[t] = dx;
        }
        return dInput;
    }

    private float[] concat(final float[] x, final float[] previousHidden, final int batch) {
        final float[] z = new float[batch * (inputSize + hiddenSize)];
        fillConcat(z, x, previousHidden, batch);
        return z;
    }

    private void fillConcat(final float[] z, final float[] x, final float[] previousHidden, final int batch) {
        final int zWidth = inputSize + hiddenSize;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * inputSize, z, b * zWidth, inputSize);
            System.arraycopy(previousHidden, b * hiddenSize, z, b * zWidth + inputSize, hiddenSize);
        }
    }
}
