package io.twinstream.model;

/**
 * Element-wise activations on {@code float} arrays, written as plain loops of multiplications, additions, one
 * division and clamps, which the JIT compiles to vector instructions.
 *
 * <p>{@code tanh} is a rational function: the ninth convergent of Lambert's continued fraction
 * {@code tanh x = x / (1 + x²/(3 + x²/(5 + ...)))}, with x clamped to [-9, 9] and the result to [-1, 1]; its largest
 * error over the real line is below 7e-6. {@code sigmoid(x) = (1 + tanh(x/2)) / 2}.
 */
final class Activations {

    // numerator and denominator of the convergent, as polynomials in x², divided by their constant term
    private static final float P1 = 4_729_725f / 34_459_425f;
    private static final float P2 = 135_135f / 34_459_425f;
    private static final float P3 = 990f / 34_459_425f;
    private static final float P4 = 1f / 34_459_425f;
    private static final float Q1 = 16_216_200f / 34_459_425f;
    private static final float Q2 = 945_945f / 34_459_425f;
    private static final float Q3 = 13_860f / 34_459_425f;
    private static final float Q4 = 45f / 34_459_425f;
    private static final float LIMIT = 9f;

    private Activations() {
    }

    static float tanh(final float value) {
        final float x = Math.min(Math.max(value, -LIMIT), LIMIT);
        final float y = x * x;
        final float p = 1f + y * (P1 + y * (P2 + y * (P3 + y * P4)));
        final float q = 1f + y * (Q1 + y * (Q2 + y * (Q3 + y * Q4)));
        return Math.min(Math.max(x * p / q, -1f), 1f);
    }

    static float sigmoid(final float value) {
        return 0.5f + 0.5f * tanh(0.5f * value);
    }

    /** Rows [from, to) of a [rows x width] array: {@code values[r][c] = sigmoid(values[r][c] + bias[r])}. */
    static void sigmoidRows(final float[] values, final int from, final int to, final int width, final float[] bias) {
        for (int r = from; r < to; r++) {
            final float b = bias[r];
            final int start = r * width;
            final int end = start + width;
            for (int i = start; i < end; i++) {
                values[i] = 0.5f + 0.5f * tanh(0.5f * (values[i] + b));
            }
        }
    }

    /** Rows [from, to) of a [rows x width] array: {@code values[r][c] = tanh(values[r][c] + bias[r])}. */
    static void tanhRows(final float[] values, final int from, final int to, final int width, final float[] bias) {
        for (int r = from; r < to; r++) {
            final float b = bias[r];
            final int start = r * width;
            final int end = start + width;
            for (int i = start; i < end; i++) {
                values[i] = tanh(values[i] + b);
            }
        }
    }

    /** {@code out[i] = tanh(in[i])} for i in [0, n). */
    static void tanh(final float[] in, final float[] out, final int n) {
        for (int i = 0; i < n; i++) {
            out[i] = tanh(in[i]);
        }
    }

    /** log(1 + e^x) without overflow. */
    static double softplus(final double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** Binary cross-entropy of a logit against a target in [0, 1]. */
    static double binaryCrossEntropy(final double logit, final double target) {
        return Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
    }
}
