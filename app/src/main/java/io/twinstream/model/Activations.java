package io.twinstream.model;

/**
 * Element-wise activations on {@code float} arrays, written as plain loops of multiplications, additions, one
 * division and clamps, which the JIT compiles to vector instructions.
 *
 * <p>{@code tanh} is a rational function: the ninth convergent of Lambert's continued fraction
 * {@code tanh x = x / (1 + x²/(3 + x²/(5 + ...)))}, evaluated with x² capped at 81 and the result clamped to
 * [-1, 1]; its largest error over the real line is below 7e-6. {@code sigmoid(x) = (1 + tanh(x/2)) / 2}.
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
    private static final float SQUARE_LIMIT = 81f;

    private Activations() {
    }

    static float tanh(final float x) {
        // beyond |x| = 9 the capped square makes x p / q grow past 1, and the clamp returns exactly +-1
        final float y = Math.min(x * x, SQUARE_LIMIT);
        final float p = 1f + y * (P1 + y * (P2 + y * (P3 + y * P4)));
        final float q = 1f + y * (Q1 + y * (Q2 + y * (Q3 + y * Q4)));
        return Math.max(Math.min(x * p / q, 1f), -1f);
    }

    static float sigmoid(final float value) {
        return 0.5f + 0.5f * tanh(0.5f * value);
    }

    /** {@code values[i] = sigmoid(values[i])} for i in [from, to). */
    static void sigmoid(final float[] values, final int from, final int to) {
        for (int i = from; i < to; i++) {
            values[i] = 0.5f + 0.5f * tanh(0.5f * values[i]);
        }
    }

    /** {@code values[i] = tanh(values[i])} for i in [from, to). */
    static void tanh(final float[] values, final int from, final int to) {
        for (int i = from; i < to; i++) {
            values[i] = tanh(values[i]);
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
