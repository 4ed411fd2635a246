package io.twinstream.scoring;

import java.util.Arrays;

/**
 * Calibrates a series' raw anomaly scores against its own recent ones. The robust z-score
 * {@code (raw - median) / (1.4826 MAD)} over the series' last {@code history} scores is mapped through the normal CDF
 * to a calibrated score in [0, 1]; a window is flagged when its calibrated score exceeds {@code 1 - falseAlarmRate},
 * so for scores that are roughly normal around their median the same setting flags the same share of normal windows
 * in every series. Until a series has {@code minHistory} scores it is warming up and nothing is flagged.
 */
public final class ScoreCalibration {

    /** Consistency constant: 1.4826 MAD estimates the standard deviation of normally distributed values. */
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double MIN_SCALE = 1e-9;

    private final int history;
    private final int minHistory;
    private final double threshold;

    /**
     * @param falseAlarmRate share of normal windows allowed to be flagged, in (0, 0.5)
     * @param history recent scores kept per series
     * @param minHistory scores a series needs before anything is flagged (at most {@code history})
     */
    public ScoreCalibration(final double falseAlarmRate, final int history, final int minHistory) {
        if (!(falseAlarmRate > 0 && falseAlarmRate < 0.5)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 0.5), not " + falseAlarmRate);
        }
        if (minHistory < 3 || minHistory > history) {
            throw new IllegalArgumentException("min history must be from 3 to history (" + history + "), not " + minHistory);
        }
        this.history = history;
        this.minHistory = minHistory;
        this.threshold = 1 - falseAlarmRate;
    }

    /** Calibrated score above which a window is flagged. */
    public double threshold() {
        return threshold;
    }

    /** The robust z-score that {@link #threshold()} corresponds to. */
    public double thresholdZ() {
        return NormalDistribution.inverseCdf(threshold);
    }

    /**
     * Calibrates one raw score against the series' recent ones, then adds it to them.
     *
     * @param recent the series' recent raw scores (possibly empty); not changed
     * @return the verdict and the recent scores including this one
     */
    public Result calibrate(final RecentScores recent, final double rawScore) {
        final RecentScores updated = recent.with(rawScore, history);
        if (recent.size() < minHistory) {
            return new Result(rawScore, 0.0, threshold, false, true, updated);
        }
        final double[] values = recent.values();
        final double median = median(values);
        final double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        final double scale = Math.max(MAD_TO_SIGMA * median(deviations), MIN_SCALE * Math.max(1, Math.abs(median)));
        final double calibrated = NormalDistribution.cdf((rawScore - median) / scale);
        return new Result(rawScore, calibrated, threshold, calibrated > threshold, false, updated);
    }

    /**
     * One calibrated window.
     *
     * @param rawScore the model's score
     * @param calibratedScore where it falls among the series' recent scores, in [0, 1] (0 while warming up)
     * @param threshold calibrated score above which a window is flagged
     * @param flagged whether the window is flagged
     * @param warmingUp whether the series had too few scores to judge (then nothing is flagged)
     * @param recent the series' recent scores including this one, to store
     */
    public record Result(double rawScore, double calibratedScore, double threshold, boolean flagged, boolean warmingUp,
                         RecentScores recent) {
    }

    private static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
