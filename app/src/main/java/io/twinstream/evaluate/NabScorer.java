package io.twinstream.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark's score, as NAB defines it. Each row of a file gets a weight: inside a labelled window
 * a true-positive weight on a scaled sigmoid of its position (earliest best), outside one a false-positive weight by
 * its distance past the preceding window; the first rows (the probation period) count for nothing. For a threshold,
 * a window scores its best detected row's weight, or the false-negative cost when none is detected; every detection
 * outside a window adds its false-positive weight. The threshold is the one that maximises the score over the whole
 * corpus; the score is normalised to 100 for a perfect detector and 0 for the null detector (a constant score).
 */
public final class NabScorer {

    /** NAB's application profiles: weights of true positives, false positives and false negatives. */
    public enum Profile {
        STANDARD(1.0, 0.11, 1.0), REWARD_LOW_FP(1.0, 0.22, 1.0), REWARD_LOW_FN(1.0, 0.11, 2.0);

        final double tpWeight;
        final double fpWeight;
        final double fnWeight;

        Profile(final double tpWeight, final double fpWeight, final double fnWeight) {
            this.tpWeight = tpWeight;
            this.fpWeight = fpWeight;
            this.fnWeight = fnWeight;
        }
    }

    /** Share of a file's rows, at most {@link #PROBATION_CAP_ROWS}, that count for nothing at its start. */
    static final double PROBATION_SHARE = 0.15;
    static final double PROBATION_CAP_ROWS = PROBATION_SHARE * 5000;

    /**
     * One file: its rows' anomaly scores in [0, 1] and its labelled windows as inclusive row ranges.
     *
     * @param name unique within the corpus
     * @param scores one per row, in time order
     * @param windows {first row, last row} of each labelled window, in order, not overlapping
     */
    public record FileScores(String name, double[] scores, List<int[]> windows) {
    }

    /** The corpus score under one profile. */
    public record Result(Profile profile, double threshold, double rawScore, double nullScore, double perfectScore, double normalised,
                         int truePositives, int falsePositives, int falseNegatives) {
    }

    /** A row that can count: its anomaly score, its weight, and its window's key (null outside windows). */
    private record ScoredRow(double anomalyScore, double weight, String window) {
    }

    private NabScorer() {
    }

    /** NAB's scaled sigmoid: about 1 at a window's left edge, 0 at its right edge, towards -1 past it. */
    static double scaledSigmoid(final double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
    }

    static int probationRows(final int rows) {
        return (int) Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_CAP_ROWS);
    }

    /** Scores the corpus under {@code profile} with the threshold that maximises the score. */
    public static Result score(final List<FileScores> corpus, final Profile profile) {
        final Result best = bestThreshold(rows(corpus, profile), windowKeys(corpus), profile);
        final List<FileScores> constant = new ArrayList<>();
        for (final FileScores file : corpus) {
            final double[] half = new double[file.scores().length];
            java.util.Arrays.fill(half, 0.5);
            constant.add(new FileScores(file.name(), half, file.windows()));
        }
        final double nullScore = bestThreshold(rows(constant, profile), windowKeys(corpus), profile).rawScore();
        // as NAB's runner counts it: every labelled window, those that end in the probation period too
        final double perfect = corpus.stream().mapToInt(file -> file.windows().size()).sum() * profile.tpWeight;
        final double normalised = perfect == nullScore ? Double.NaN : 100 * (best.rawScore() - nullScore) / (perfect - nullScore);
        return new Result(profile, best.threshold(), best.rawScore(), nullScore, perfect, normalised, best.truePositives(),
                best.falsePositives(), best.falseNegatives());
    }

    /** The weighted rows of every file past its probation period. */
    private static List<ScoredRow> rows(final List<FileScores> corpus, final Profile profile) {
        final List<ScoredRow> rows = new ArrayList<>();
        final double maxTruePositive = scaledSigmoid(-1.0);
        for (final FileScores file : corpus) {
            final double[] scores = file.scores();
            final int probation = probationRows(scores.length);
            int windowIndex = 0;
            int previousRight = -1;
            int previousWidth = 0;
            for (int i = 0; i < scores.length; i++) {
                final int[] window = windowIndex < file.windows().size() ? file.windows().get(windowIndex) : null;
                final boolean inside = window != null && i >= window[0] && i <= window[1];
                final double weight;
                if (inside) {
                    final double width = window[1] - window[0] + 1;
                    weight = scaledSigmoid(-(window[1] - i + 1) / width) * profile.tpWeight / maxTruePositive;
                } else if (previousRight < 0) {
                    weight = -1.0 * profile.fpWeight;
                } else {
                    weight = scaledSigmoid(Math.abs(previousRight - i) / (double) (previousWidth - 1)) * profile.fpWeight;
                }
                if (i >= probation) {
                    rows.add(new ScoredRow(scores[i], weight, inside ? file.name() + "|" + window[0] : null));
                }
                if (inside && i == window[1]) {
                    previousRight = i;
                    previousWidth = window[1] - window[0] + 1;
                    windowIndex++;
                }
            }
        }
        return rows;
    }

    /** Keys of every window that has a row past probation (the ones that can be detected or missed). */
    private static List<String> windowKeys(final List<FileScores> corpus) {
        final List<String> keys = new ArrayList<>();
        for (final FileScores file : corpus) {
            final int probation = probationRows(file.scores().length);
            for (final int[] window : file.windows()) {
                if (window[1] >= probation) {
                    keys.add(file.name() + "|" + window[0]);
                }
            }
        }
        return keys;
    }

    /** Sweeps every threshold (each distinct anomaly score, highest first) and keeps the best-scoring one. */
    private static Result bestThreshold(final List<ScoredRow> rows, final List<String> windows, final Profile profile) {
        final List<ScoredRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(ScoredRow::anomalyScore).reversed());
        final Map<String, Double> windowScores = new HashMap<>();
        windows.forEach(window -> windowScores.put(window, -profile.fnWeight));
        double falsePositiveSum = 0;
        double windowSum = -profile.fnWeight * windows.size();
        int detectedWindows = 0;
        int falsePositives = 0;
        // above every score nothing is detected
        Result best = new Result(profile, 1.1, windowSum, Double.NaN, Double.NaN, Double.NaN, 0, 0, windows.size());
        for (int i = 0; i < sorted.size(); i++) {
            final ScoredRow row = sorted.get(i);
            if (row.window() == null) {
                falsePositiveSum += row.weight();
                falsePositives++;
            } else {
                final double before = windowScores.get(row.window());
                if (before == -profile.fnWeight && row.weight() > before) {
                    detectedWindows++;
                }
                if (row.weight() > before) {
                    windowScores.put(row.window(), row.weight());
                    windowSum += row.weight() - before;
                }
            }
            final boolean lastOfThreshold = i + 1 == sorted.size() || sorted.get(i + 1).anomalyScore() != row.anomalyScore();
            final double total = windowSum + falsePositiveSum;
            if (lastOfThreshold && total > best.rawScore()) {
                best = new Result(profile, row.anomalyScore(), total, Double.NaN, Double.NaN, Double.NaN, detectedWindows, falsePositives,
                        windows.size() - detectedWindows);
            }
        }
        return best;
    }
}
