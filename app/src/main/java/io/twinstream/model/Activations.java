package io.twinstream.model;

/** Element-wise activations used by the recurrent layers, on {@code float} values. */
final class Activations {

    private Activations() {
    }

    static float sigmoid(final float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    static float tanh(final float x) {
        final double e = Math.exp(2.0 * x);
        return Double.isInfinite(e) ? 1f : (float) ((e - 1.0) / (e + 1.0));
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
