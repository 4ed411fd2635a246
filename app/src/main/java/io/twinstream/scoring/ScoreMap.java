package io.twinstream.scoring;

import java.util.Arrays;

/**
 * Carries raw scores of one model over into the scale of another: a monotone map, quantile to quantile, fitted on both
 * models' scores of the same windows. Knots pair the logarithms of the two models' scores at the same quantiles;
 * between knots the map is linear in the logarithms, beyond the outermost ones it keeps their ratio (so the spread of
 * scores beyond them, which the upper tail's fit measures in logarithms, is kept). Immutable.
 *
 * <p>A series' calibration holds one model's scores of it; when that model is gone before the next has scored enough
 * of the series to calibrate on (a slow series while models come often), its scores carried over this way calibrate
 * the newer model's until the newer model's own replace them.
 */
public final class ScoreMap {

    /** Most knots a map keeps: quantiles at equal steps of probability. */
    public static final int MAX_KNOTS = 65;
    /** Fewest windows scored by both models that a map is fitted on. */
    public static final int MIN_SCORES = 10;
    private static final double LEAST_SCORE = 1e-12;

    private final double[] from;
    private final double[] to;

    private ScoreMap(final double[] from, final double[] to) {
        this.from = from;
        this.to = to;
    }

    /**
     * The map from one model's scores to another's, fitted on their scores of the same windows.
     *
     * @param fromScores the first model's raw scores (not negative), at least {@link #MIN_SCORES}
     * @param toScores the second model's raw scores of the same windows, as many
     */
    public static ScoreMap fit(final double[] fromScores, final double[] toScores) {
        if (fromScores.length != toScores.length) {
            throw new IllegalArgumentException("both models must score the same windows: " + fromScores.length + " against " + toScores.length);
        }
        if (fromScores.length < MIN_SCORES) {
            throw new IllegalArgumentException("a score map needs at least " + MIN_SCORES + " windows, not " + fromScores.length);
        }
        final double[] fromLogs = sortedLogs(fromScores);
        final double[] toLogs = sortedLogs(toScores);
        final int knots = Math.min(MAX_KNOTS, fromLogs.length);
        final double[] x = new double[knots];
        final double[] y = new double[knots];
        for (int k = 0; k < knots; k++) {
            final double position = (double) k * (fromLogs.length - 1) / (knots - 1);
            x[k] = quantile(fromLogs, position);
            y[k] = quantile(toLogs, position);
        }
        return of(x, y);
    }

    /**
     * A map from its knots, logarithms of raw scores: {@code from} ascending, {@code to} not descending, as many.
     * Knots with the same {@code from} become one, at their mean {@code to}.
     *
     * @throws IllegalArgumentException when the knots are not such (a damaged record)
     */
    public static ScoreMap of(final double[] from, final double[] to) {
        if (from.length != to.length || from.length == 0) {
            throw new IllegalArgumentException("a score map needs as many knots from as to, at least one: " + from.length + " and " + to.length);
        }
        final double[] x = new double[from.length];
        final double[] y = new double[from.length];
        int n = 0;
        int same = 0;
        for (int k = 0; k < from.length; k++) {
            if (!Double.isFinite(from[k]) || !Double.isFinite(to[k]) || k > 0 && (from[k] < from[k - 1] || to[k] < to[k - 1])) {
                throw new IllegalArgumentException("a score map's knots must be finite and ascending; knot " + k + " is not");
            }
            if (n > 0 && from[k] == x[n - 1]) {
                same++;
                y[n - 1] += (to[k] - y[n - 1]) / same; // running mean of the tied knots' values
            } else {
                x[n] = from[k];
                y[n] = to[k];
                n++;
                same = 1;
            }
        }
        return new ScoreMap(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** A raw score of the first model in the second model's scale. */
    public double apply(final double score) {
        return Math.exp(applyToLog(Math.log(Math.max(score, LEAST_SCORE))));
    }

    /** Scores of the first model in the second model's scale, in the same order, the same newest ones waiting. */
    public RecentScores apply(final RecentScores scores) {
        final double[] values = scores.values();
        for (int i = 0; i < values.length; i++) {
            values[i] = apply(values[i]);
        }
        return RecentScores.of(values, scores.waiting());
    }

    /**
     * This map, then {@code next}: from this map's first model to {@code next}'s second, on this map's knots (exact at
     * them; between them linear in the logarithms, where applying both in turn may bend a little).
     */
    public ScoreMap then(final ScoreMap next) {
        final double[] y = new double[to.length];
        for (int k = 0; k < to.length; k++) {
            y[k] = next.applyToLog(to[k]);
        }
        return of(from, y);
    }

    /** The knots' logarithms of the first model's scores, ascending (a copy). */
    public double[] from() {
        return from.clone();
    }

    /** The knots' logarithms of the second model's scores, paired with {@link #from()} (a copy). */
    public double[] to() {
        return to.clone();
    }

    private double applyToLog(final double logScore) {
        final int last = from.length - 1;
        if (logScore <= from[0]) {
            return to[0] + (logScore - from[0]);
        }
        if (logScore >= from[last]) {
            return to[last] + (logScore - from[last]);
        }
        int above = Arrays.binarySearch(from, logScore);
        if (above >= 0) {
            return to[above];
        }
        above = -above - 1;
        final double share = (logScore - from[above - 1]) / (from[above] - from[above - 1]);
        return to[above - 1] + share * (to[above] - to[above - 1]);
    }

    private static double[] sortedLogs(final double[] scores) {
        final double[] logs = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0) || Double.isInfinite(scores[i])) {
                throw new IllegalArgumentException("raw scores must be finite and not negative, not " + scores[i]);
            }
            logs[i] = Math.log(Math.max(scores[i], LEAST_SCORE));
        }
        Arrays.sort(logs);
        return logs;
    }

    /** The value at fractional index {@code position} of ascending {@code sorted}, linear between neighbours. */
    private static double quantile(final double[] sorted, final double position) {
        final int below = (int) Math.floor(position);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
