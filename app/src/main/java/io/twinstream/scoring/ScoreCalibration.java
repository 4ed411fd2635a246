package io.twinstream.scoring;

import java.util.Arrays;

/**
 * Calibrates a series' raw anomaly scores against its own recent ones, so that one setting means the same false-alarm
 * rate on every series. The calibrated score is the estimated probability that a normal window of this series scores
 * lower: below the upper tail of the recent scores it is their empirical distribution; in the upper tail (the top
 * {@link #TAIL_SHARE} of recent scores, at least {@link #TAIL_MIN}) it is a Pareto tail (peaks over a threshold,
 * exponential in the logarithm of the score), whose scale is estimated from the median exceedance so that a few past
 * anomalies among the recent scores barely move it. The heavy tail keeps the false-alarm rate near its setting even
 * where a series' normal scores now and then reach several times their median. A window is flagged
 * when its calibrated score exceeds {@code 1 - falseAlarmRate}. Until a series has {@code minHistory} scores it is
 * warming up: its tail cannot be fitted yet, and a window is flagged only when, with {@code earlyHistory} scores or more
 * in hand, its raw score is at least {@code earlySeverity} times their median. So a departure that comes while a
 * series is new to its model (a series' first days, or the first trained model's first hundred windows) is not let
 * through, while the series' ordinary swings stay well below that.
 *
 * <p>Scores of different models are not comparable, so each model calibrates from its own scores. When a new model
 * arrives, a series already calibrated on the model before it stays judged by that one, which goes on scoring its
 * windows, until the new model has scored {@code handover} of them; then the new model judges, calibrated on those.
 * A series is never blind while a new model learns what its normal scores look like. A series that cannot be handed
 * over so (it was still warming up, or a newer model came before its handover ended: a slow series while models come
 * often) carries its newest {@code minHistory} scores over into the newest model's scale by that model's
 * {@link ScoreMap} from the one it was calibrated on, and is judged by the newest at once rather than warming up
 * again. A score calibrates its series' later ones only once {@code lag} newer ones have come (windows that overlap
 * its own and see much of what it saw),
 * so that an anomaly in view for many windows does not calibrate its own next windows into looking normal; and a run of
 * unusual scores (calibrated at {@code waitScore} or more, not flagged) waits, up to {@code maxWait} scores, until the
 * run ends, so that an anomaly whose windows grow more unusual only slowly, none of them flagged at first, does not
 * widen the tail that judges its later ones (it then calibrates like any other, a normal excursion widening the
 * tail as it should). A model's
 * calibration of a series starts from its scores of the series' windows that the trainer held back (real windows it
 * was not trained on, spread over the time the model learned from), so that it needs fewer of the series' own scores,
 * which at first come from a short stretch of the series, to judge it.
 */
public final class ScoreCalibration {

    /** Share of the recent scores that forms the upper tail. */
    static final double TAIL_SHARE = 0.1;
    /** Fewest scores in the upper tail. */
    static final int TAIL_MIN = 5;
    /** Least tail scale, as a share of the scale the body of the distribution implies. */
    private static final double BODY_FLOOR = 0.25;
    private static final double MIN_SCALE = 1e-9;
    private static final double LEAST_SCORE = 1e-12;

    private final int history;
    private final int minHistory;
    private final double threshold;
    private final int handover;
    private final int lag;
    private final double waitScore;
    private final int maxWait;
    private final int earlyHistory;
    private final double earlySeverity;

    /**
     * @param falseAlarmRate share of normal windows allowed to be flagged, in (0, 0.5)
     * @param history recent scores that calibrate a series' next one (besides the {@code lag} newest, which wait)
     * @param minHistory scores a series needs before anything is flagged (from {@code 2 * TAIL_MIN} to {@code history})
     * @param handover a new model's scores of a series before it takes over from the model before it (0 to at most
     *        {@code history}; 0: at once, on the series' scores carried over)
     * @param lag a series' newest scores that do not calibrate its next one (0 or more; some of them do while fewer
     *        than {@code minHistory} are older)
     * @param waitScore calibrated score, in [0, 1], at or above which an unflagged score is unusual: a run of them
     *        waits until it ends (up to {@code maxWait})
     * @param maxWait most of a series' newest scores, a run of unusual ones, that wait (0 or more; only a run longer
     *        than {@code lag} waits longer than any score)
     * @param earlyHistory scores a warming-up series needs before a window of it can be flagged by its severity (from
     *        {@code 2 * TAIL_MIN} to {@code minHistory})
     * @param earlySeverity least severity (raw score over the median of the series' scores so far) at which a window is
     *        flagged while its series warms up (0: nothing is flagged while warming up)
     */
    public ScoreCalibration(final double falseAlarmRate, final int history, final int minHistory, final int handover, final int lag,
                            final double waitScore, final int maxWait, final int earlyHistory, final double earlySeverity) {
        if (!(falseAlarmRate > 0 && falseAlarmRate < 0.5)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 0.5), not " + falseAlarmRate);
        }
        if (minHistory < 2 * TAIL_MIN || minHistory > history) {
            throw new IllegalArgumentException("min history must be from " + 2 * TAIL_MIN + " to history (" + history + "), not " + minHistory);
        }
        if (handover < 0 || handover > history) {
            throw new IllegalArgumentException("handover must be from 0 to history (" + history + "), not " + handover);
        }
        if (lag < 0) {
            throw new IllegalArgumentException("lag must not be negative, not " + lag);
        }
        if (!(waitScore >= 0 && waitScore <= 1)) {
            throw new IllegalArgumentException("wait score must be in [0, 1], not " + waitScore);
        }
        if (maxWait < 0) {
            throw new IllegalArgumentException("most scores waiting must not be negative, not " + maxWait);
        }
        if (earlyHistory < 2 * TAIL_MIN || earlyHistory > minHistory) {
            throw new IllegalArgumentException("early history must be from " + 2 * TAIL_MIN + " to min history (" + minHistory + "), not "
                    + earlyHistory);
        }
        if (!(earlySeverity >= 0)) {
            throw new IllegalArgumentException("early severity must be a number of at least 0, not " + earlySeverity);
        }
        this.history = history;
        this.minHistory = minHistory;
        this.threshold = 1 - falseAlarmRate;
        this.handover = handover;
        this.lag = lag;
        this.waitScore = waitScore;
        this.maxWait = maxWait;
        this.earlyHistory = earlyHistory;
        this.earlySeverity = earlySeverity;
    }

    /**
     * As {@link #ScoreCalibration(double, int, int, int, int, double, int, int, double)}, with no run of unusual scores
     * waiting longer than the lag and nothing flagged while warming up.
     */
    public ScoreCalibration(final double falseAlarmRate, final int history, final int minHistory, final int handover, final int lag) {
        this(falseAlarmRate, history, minHistory, handover, lag, 1.0, 0, minHistory, 0);
    }

    /** Calibrated score above which a window is flagged. */
    public double threshold() {
        return threshold;
    }

    /**
     * Whether a series calibrated as {@code series} is still judged by the model before the current one, so that
     * model's score of its windows is needed: it is calibrated on that model, warm, and handover is not immediate.
     */
    public boolean judgedByPrevious(final SeriesCalibration series, final long version, final long previousVersion) {
        return judgedByPrevious(series.modelVersion(), series.recent().size(), version, previousVersion);
    }

    /**
     * As {@link #judgedByPrevious(SeriesCalibration, long, long)}, from what is stored of the series: the version of
     * the model it is calibrated on and how many of that model's scores it holds.
     */
    public boolean judgedByPrevious(final long seriesVersion, final int recentScores, final long version, final long previousVersion) {
        return handover > 0 && previousVersion >= 0 && seriesVersion == previousVersion && seriesVersion != version
                && recentScores >= minHistory;
    }

    /**
     * Judges one window of a series: by the previous model while {@link #judgedByPrevious} holds (the current model's
     * score counting towards its handover, unless the window is flagged), otherwise by the current model.
     *
     * @param version the current model's version; {@code raw} its score of the window
     * @param previousRaw the previous model's score of the window, or NaN when it did not score it
     * @param settling whether the window was cut while the series' normalisation settled (never flagged, never calibrates)
     * @param start the current model's scores of the series' held-back windows (possibly empty): where its calibration
     *        of the series starts, counting towards {@code minHistory} and the handover like the series' own scores
     * @param carried the current model's map from the scores of the model the series is calibrated on, or null when it
     *        has none: when that model no longer judges the series (the series missed its handover, or had not warmed
     *        up on it), its newest {@code minHistory} scores, carried over by this map after {@code start}, are where
     *        the current model's calibration of the series starts, so that the series does not warm up again. No more
     *        are carried: each carrying adds the map's error, and a slow series carried over model after model would
     *        otherwise calibrate on scores carried many times (carrying 300 rather than 100 flagged more normal windows
     *        and missed a spike's report in {@code SlowSeriesTest})
     */
    public Judgement judge(final SeriesCalibration series, final long version, final double raw, final long previousVersion,
                           final double previousRaw, final boolean settling, final RecentScores start, final ScoreMap carried) {
        if (!Double.isNaN(previousRaw) && judgedByPrevious(series, version, previousVersion)) {
            final Result verdict = settling ? withoutCalibrating(series.recent(), previousRaw) : calibrate(series.recent(), previousRaw);
            RecentScores next = series.nextVersion() == version ? series.next() : start.newest(capacity());
            if (!settling && !verdict.flagged()) {
                next = next.with(raw, capacity());
            }
            final SeriesCalibration after = next.size() >= handover ? SeriesCalibration.judgedBy(version, next)
                    : new SeriesCalibration(previousVersion, verdict.recent(), version, next);
            return new Judgement(verdict, previousVersion, after,
                    after.modelVersion() == version ? ModelChange.HANDED_OVER : ModelChange.NONE);
        }
        final ModelChange change = series.modelVersion() == version || series.modelVersion() < 0 ? ModelChange.NONE
                : carried != null ? ModelChange.CARRIED_OVER : ModelChange.WARMED_UP_AGAIN;
        final RecentScores recent = series.modelVersion() == version ? series.recent()
                : change == ModelChange.CARRIED_OVER ? start.followedBy(carried.apply(series.recent().newest(minHistory)), capacity())
                : start.newest(capacity());
        final Result verdict = settling ? withoutCalibrating(recent, raw) : calibrate(recent, raw);
        return new Judgement(verdict, version, SeriesCalibration.judgedBy(version, verdict.recent()), change);
    }

    /** How a window's judgement moved its series to another model. */
    public enum ModelChange {
        /** It did not: the same model, or the series' first. */
        NONE,
        /** The new model had its handover's scores of the series: it judges from now on, calibrated on them. */
        HANDED_OVER,
        /** The series' scores of a model that no longer judges it were carried over into the current model's scale. */
        CARRIED_OVER,
        /** Nothing to carry over from (no score map): the series warms up again on the current model. */
        WARMED_UP_AGAIN
    }

    /**
     * One window judged.
     *
     * @param verdict the judging model's score, calibrated
     * @param modelVersion version of the model that judged
     * @param series the series' calibration after this window, to store
     * @param change how the series moved to another model, if it did
     */
    public record Judgement(Result verdict, long modelVersion, SeriesCalibration series, ModelChange change) {
    }

    /** Scores kept per series: the {@code history} that calibrates and the {@code lag} newest that wait. */
    private int capacity() {
        return history + lag;
    }

    /**
     * Calibrates one raw score against the series' recent ones but the newest {@code lag}, or more when the run of
     * unusual ones going on is longer (at most {@code maxWait}; the oldest {@code minHistory} calibrate while fewer
     * are older), then adds it to them.
     *
     * @param recent the series' recent raw scores (possibly empty); not changed
     * @return the verdict and the recent scores including this one
     */
    public Result calibrate(final RecentScores recent, final double rawScore) {
        if (recent.size() < minHistory) {
            return warmingUp(recent, rawScore);
        }
        final double[] scores = recent.values();
        final int waiting = Math.max(lag, Math.min(recent.waiting(), maxWait));
        final Fit fit = Fit.of(Arrays.copyOf(scores, Math.max(minHistory, scores.length - waiting)));
        final double calibrated = fit.probabilityBelow(rawScore);
        final boolean flagged = calibrated > threshold;
        // a flagged score stays out of the history, so that one anomaly cannot hide the next one behind it; an unusual
        // one joins the run that waits
        return new Result(rawScore, calibrated, fit.severity(rawScore), threshold, flagged, false,
                flagged ? recent : recent.with(rawScore, capacity(), calibrated >= waitScore));
    }

    /**
     * Judges a score of a series with fewer than {@code minHistory} scores: flagged when it is {@code earlySeverity}
     * times their median or more (with {@code earlyHistory} of them or more), with the probability its few scores give
     * as its calibrated score; otherwise warming up (calibrated 0). The median of a few dozen scores is steady where
     * their tail is not: an anomaly's first windows, rising, would widen a tail fitted on so few until its peak looked
     * ordinary. Flagged or not, the score joins the series' scores, unlike a flagged one once the tail calibrates: a few
     * dozen scores are too short a view of the series to tell its first sharp swing (a recurring spike, say) from an
     * anomaly, and kept out of them it would make every later one like it extreme.
     */
    private Result warmingUp(final RecentScores recent, final double rawScore) {
        if (earlySeverity > 0 && recent.size() >= earlyHistory) {
            final Fit fit = Fit.of(recent.values());
            final double severity = fit.severity(rawScore);
            if (severity >= earlySeverity) {
                return new Result(rawScore, fit.probabilityBelow(rawScore), severity, threshold, true, false, recent.with(rawScore, capacity()));
            }
        }
        return new Result(rawScore, 0.0, 0.0, threshold, false, true, recent.with(rawScore, capacity()));
    }

    /** A verdict of warming up for a score that must not calibrate the series (nothing flagged, {@code recent} unchanged). */
    public Result withoutCalibrating(final RecentScores recent, final double rawScore) {
        return new Result(rawScore, 0.0, 0.0, threshold, false, true, recent);
    }

    /** The estimated probability that a raw score drawn like {@code recent} is below {@code score}. */
    static double probabilityBelow(final double[] recent, final double score) {
        return Fit.of(recent).probabilityBelow(score);
    }

    /** The distribution of a series' recent scores: empirical in the body, an exponential upper tail. */
    private record Fit(double[] sorted, int tail, double tailStart, double scale) {

        static Fit of(final double[] recent) {
            final double[] sorted = new double[recent.length];
            for (int i = 0; i < recent.length; i++) {
                sorted[i] = logOf(recent[i]);
            }
            Arrays.sort(sorted);
            final int n = sorted.length;
            final int tail = Math.min(n - 1, Math.max(TAIL_MIN, (int) Math.ceil(TAIL_SHARE * n)));
            final double tailStart = sorted[n - tail - 1];
            final double[] exceedances = new double[tail];
            for (int i = 0; i < tail; i++) {
                exceedances[i] = sorted[n - tail + i] - tailStart;
            }
            // an exponential distribution's median is its scale times ln 2, and its 90% quantile lies scale * ln 5 above
            // its median: the body's estimate is a floor (a quarter of it), so that ties in the tail (a series that
            // repeats its scores exactly) cannot make the scale zero
            final double tailScale = medianOfSorted(exceedances) / Math.log(2); // ascending, as the tail is
            final double bodyScale = (tailStart - medianOfSorted(sorted)) / Math.log(5);
            final double scale = Math.max(Math.max(tailScale, BODY_FLOOR * bodyScale), MIN_SCALE * Math.max(1, Math.abs(tailStart)));
            return new Fit(sorted, tail, tailStart, scale);
        }

        /** How many times the median of the scores fitted {@code rawScore} is (their median, taken in logarithms). */
        double severity(final double rawScore) {
            return Math.exp(logOf(rawScore) - medianOfSorted(sorted));
        }

        private double tailProbability() {
            return (double) tail / sorted.length;
        }

        double probabilityBelow(final double rawScore) {
            final double score = logOf(rawScore);
            if (score <= tailStart) {
                int below = 0;
                int equal = 0;
                for (final double value : sorted) {
                    below += value < score ? 1 : 0;
                    equal += value == score ? 1 : 0;
                }
                return (below + 0.5 * equal) / sorted.length;
            }
            return 1 - tailProbability() * Math.exp(-(score - tailStart) / scale);
        }

        /** Scores are not negative; the smallest are held at {@link #LEAST_SCORE} so that their logarithm is finite. */
        private static double logOf(final double score) {
            return Math.log(Math.max(score, LEAST_SCORE));
        }
    }

    /**
     * One calibrated window.
     *
     * @param rawScore the model's score
     * @param calibratedScore estimated probability that a normal window of the series scores lower, in [0, 1] (0 while warming up)
     * @param severity how many times the series' median score (of the scores that calibrated it) the raw score is (0 while
     *        warming up): how far the window departs, where the calibrated score says how rarely normal windows depart as
     *        far. A series whose scores hardly vary calibrates a window barely above its usual ones in its extreme tail;
     *        its severity stays near 1
     * @param threshold calibrated score above which a window is flagged
     * @param flagged whether the window is flagged
     * @param warmingUp whether the series had too few scores to judge the window (one flagged while the series warms up is
     *        judged: not warming up)
     * @param recent the series' recent scores including this one, to store
     */
    public record Result(double rawScore, double calibratedScore, double severity, double threshold, boolean flagged, boolean warmingUp,
                         RecentScores recent) {
    }

    /** The median of values already in ascending order. */
    private static double medianOfSorted(final double[] sorted) {
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
