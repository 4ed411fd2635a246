package io.twinstream.scoring;

/** The standard normal distribution's CDF and its inverse, as the calibration needs them. */
final class NormalDistribution {

    private NormalDistribution() {
    }

    /** P(Z <= z), from the complementary error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double cdf(final double z) {
        final double x = Math.abs(z) / Math.sqrt(2);
        final double t = 1 / (1 + 0.3275911 * x);
        final double polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        final double upperTail = 0.5 * polynomial * Math.exp(-x * x);
        return z >= 0 ? 1 - upperTail : upperTail;
    }

    /** The z with P(Z <= z) = p, by bisection of {@link #cdf} (called once per setting, not per window). */
    static double inverseCdf(final double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), not " + p);
        }
        double low = -40;
        double high = 40;
        for (int i = 0; i < 200; i++) {
            final double middle = (low + high) / 2;
            if (cdf(middle) < p) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }
}
