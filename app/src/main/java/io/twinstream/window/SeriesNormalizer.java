package io.twinstream.window;

import java.util.Arrays;

/**
 * Running per-feature mean and variance of one series over a long horizon: an exact running average for the first
 * {@code horizon} points, then an exponential one with weight {@code 1/horizon}. Because the statistics move slowly,
 * a level shift inside one window stays visible in the normalised values instead of being normalised away.
 */
public final class SeriesNormalizer {

    /** Standard deviations below this fraction of max(1, |mean|) are floored, so constant series normalise to zeros. */
    private static final double RELATIVE_STD_FLOOR = 1e-6;

    private final int horizon;
    private long count;
    private final double[] mean;
    private final double[] variance;

    /** A normaliser with the given state; the arrays are copied. */
    public SeriesNormalizer(final int horizon, final long count, final double[] mean, final double[] variance) {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " features, variance " + variance.length);
        }
        this.horizon = horizon;
        this.count = count;
        this.mean = mean.clone();
        this.variance = variance.clone();
    }

    /** A normaliser that has seen nothing yet. */
    public static SeriesNormalizer fresh(final int horizon, final int features) {
        return new SeriesNormalizer(horizon, 0, new double[features], new double[features]);
    }

    /** Takes one point's values (series units) into the statistics. */
    public void update(final double[] values) {
        count++;
        final double weight = 1.0 / Math.min(count, horizon);
        for (int f = 0; f < mean.length; f++) {
            final double delta = values[f] - mean[f];
            mean[f] += weight * delta;
            // population variance: exact while count <= horizon, exponentially weighted after
            variance[f] = (1.0 - weight) * (variance[f] + weight * delta * delta);
        }
    }

    /** The z-score of {@code value} (series units) of feature {@code feature}. */
    public double normalize(final int feature, final double value) {
        return (value - mean[feature]) / std(feature);
    }

    /** Standard deviation of a feature, series units, floored above zero. */
    public double std(final int feature) {
        final double floor = RELATIVE_STD_FLOOR * Math.max(1.0, Math.abs(mean[feature]));
        return Math.max(Math.sqrt(variance[feature]), floor);
    }

    public long count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] variance() {
        return variance.clone();
    }

    /** Per-feature standard deviations as {@link #std(int)} gives them. */
    public double[] stds() {
        final double[] stds = new double[mean.length];
        Arrays.setAll(stds, this::std);
        return stds;
    }
}
