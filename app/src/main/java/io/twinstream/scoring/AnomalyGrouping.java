package io.twinstream.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups a series' flagged windows into anomalies: flagged windows in a row make one anomaly, reported as ongoing once
 * it has spanned the windows that confirm it (the first of them, unless confirmation is asked for), extended silently
 * by the flagged windows after that, and by the unflagged ones whose calibrated score stays at or above a hold score,
 * and reported once more, no longer ongoing, at the first window that neither is flagged nor holds it. So an anomaly
 * is two reports, however many windows it spans, and one whose scores hover about the threshold is not reported
 * again and again. A run of flagged windows that ends before it
 * is confirmed is not reported at all (its windows' scores still say they were flagged): a window whose last step is
 * an odd but normal one (the first point after a daily jump, say) can be flagged alone, while an anomaly stays in
 * view, and flagged, for many windows. A flagged window that does not directly follow the open anomaly's last one
 * (windows missing in between, or a gap in the series longer than the window stage bridges) ends it and starts
 * another.
 *
 * <p>An anomaly starts at the first of a run of unusual windows: flagged, or calibrated at the hold score or more.
 * Besides its flagged windows confirming it, a run of unusual windows long enough to sustain it is reported too,
 * whether or not any of them is flagged: a departure from the series' normal that is moderate but lasts (a level that
 * stays off, a daily shape that stays flat) is as much an anomaly as a short, sharp one, and no single window of it
 * need be extreme enough to be flagged.
 *
 * <p>An anomaly is reported only at a window whose severity (its raw score as a multiple of the series' median one) is
 * at least the least severity: on a series whose scores hardly vary, a window barely above its usual ones calibrates
 * into the extreme tail as surely as one far above them on a series whose scores swing. Until such a window comes, an
 * anomaly that its windows confirm or sustain is held, unreported; it is reported at the first that is severe enough,
 * or not at all. While the calibration that judges a window is unsettled (it holds fewer than the settled number of
 * its model's scores of the series: a series new to the service, or to its model), the least severity is the unsettled
 * one, set higher: a tail fitted on a few hundred scores, from a short stretch of the series, mistakes the series' own
 * swings for anomalies more often than one fitted on a settled history.
 */
public final class AnomalyGrouping {

    private final int confirmWindows;
    private final double holdScore;
    private final int sustainWindows;
    private final long maxGapMs;
    private final double minSeverity;
    private final double unsettledMinSeverity;
    private final int settledScores;

    /**
     * @param confirmWindows flagged windows in a row that confirm an anomaly, at least 1 (1: reported at its first)
     * @param holdScore calibrated score, in [0, 1], at or above which an unflagged window keeps a reported anomaly open
     *        (1: the first unflagged window closes it), and at or above which an unflagged window is unusual
     * @param sustainWindows unusual windows in a row that are reported as an anomaly, flagged or not (0: never; only
     *        flagged windows confirm an anomaly)
     * @param maxGapMs longest time from the end of an anomaly's last window to the start of the series' next window for
     *        that window to follow it ({@code window.max-gap-ms}: after a longer gap the window stage starts the
     *        series' windows afresh, their numbers going on, and the anomaly ends)
     * @param minSeverity least severity (raw score over the series' median one) of the window where an anomaly is
     *        reported, 0 or more (0: any)
     * @param unsettledMinSeverity least severity, 0 or more, where the calibration that judges the window is unsettled
     * @param settledScores scores of the series its calibration must hold to be settled, 0 or more (0: always settled)
     */
    public AnomalyGrouping(final int confirmWindows, final double holdScore, final int sustainWindows, final long maxGapMs,
                           final double minSeverity, final double unsettledMinSeverity, final int settledScores) {
        if (confirmWindows < 1) {
            throw new IllegalArgumentException("windows to confirm an anomaly must be at least 1, not " + confirmWindows);
        }
        if (!(holdScore >= 0 && holdScore <= 1)) {
            throw new IllegalArgumentException("hold score must be in [0, 1], not " + holdScore);
        }
        if (sustainWindows < 0) {
            throw new IllegalArgumentException("windows to sustain an anomaly must not be negative, not " + sustainWindows);
        }
        this.confirmWindows = confirmWindows;
        this.holdScore = holdScore;
        this.sustainWindows = sustainWindows;
        if (maxGapMs < 0) {
            throw new IllegalArgumentException("longest gap must not be negative, not " + maxGapMs);
        }
        this.maxGapMs = maxGapMs;
        if (!(minSeverity >= 0 && minSeverity < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("least severity must be a number of at least 0, not " + minSeverity);
        }
        this.minSeverity = minSeverity;
        if (!(unsettledMinSeverity >= 0 && unsettledMinSeverity < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("least severity while unsettled must be a number of at least 0, not " + unsettledMinSeverity);
        }
        this.unsettledMinSeverity = unsettledMinSeverity;
        if (settledScores < 0) {
            throw new IllegalArgumentException("scores to settle a calibration must not be negative, not " + settledScores);
        }
        this.settledScores = settledScores;
    }

    /**
     * As {@link #AnomalyGrouping(int, double, int, long, double, double, int)}, with no gap too long for a window to follow an anomaly and any
     * severity reported.
     */
    public AnomalyGrouping(final int confirmWindows, final double holdScore, final int sustainWindows) {
        this(confirmWindows, holdScore, sustainWindows, Long.MAX_VALUE, 0, 0, 0);
    }

    /**
     * Windows in a row that span at least {@code confirmPoints} points when windows are cut every {@code stride}
     * points: the first window and enough after it (for flagged windows that confirm an anomaly, and for unusual ones
     * that sustain it).
     */
    public static int windowsToConfirm(final int confirmPoints, final int stride) {
        if (confirmPoints < 0 || stride < 1) {
            throw new IllegalArgumentException("confirm points must be at least 0 and stride at least 1, not " + confirmPoints + " and " + stride);
        }
        return 1 + (confirmPoints + stride - 1) / stride;
    }

    /**
     * An anomaly that is still open.
     *
     * @param anomalyId identifier shared by its reports: series id and start time
     * @param startTime first point of its first window, ms since the epoch
     * @param endTime last point of its latest window, ms since the epoch
     * @param lastSequence sequence number of its latest window
     * @param peakScore highest calibrated score of its windows
     * @param windows while it is not reported, the flagged windows in a row at its end, which confirm it; once it is
     *        reported, those and the flagged windows after them
     * @param unusual unusual windows (flagged, or at the hold score or more) in a row it has spanned so far
     * @param reported whether it has been reported as ongoing (confirmed, or sustained)
     * @param severity once it is reported, the severity of the window where it was (0 before)
     */
    public record OpenAnomaly(String anomalyId, long startTime, long endTime, long lastSequence, double peakScore, int windows,
                              int unusual, boolean reported, double severity) {
    }

    /**
     * What to report about an anomaly.
     *
     * @param anomaly its extent so far
     * @param ongoing true when it opened, false when it closed
     */
    public record Report(OpenAnomaly anomaly, boolean ongoing) {
    }

    /**
     * @param open the anomaly that is open (confirmed or not yet), or null
     * @param reports what to publish, in order
     */
    public record Step(OpenAnomaly open, List<Report> reports) {
    }

    /**
     * Applies one scored window of a series.
     *
     * @param open the series' open anomaly, or null
     * @param sequence the window's sequence number within the series
     * @param severity the window's raw score over the series' median one (0 when it was not calibrated)
     * @param calibrationScores scores of the series that the calibration which judged the window holds (its
     *        {@link ScoreCalibration.Result#recent()}): fewer than the settled number, and it is unsettled
     */
    public Step observe(final String seriesId, final OpenAnomaly open, final long sequence, final long startTime,
                        final long endTime, final boolean flagged, final double calibratedScore, final double severity,
                        final int calibrationScores) {
        final double leastSeverity = calibrationScores < settledScores ? unsettledMinSeverity : minSeverity;
        final List<Report> reports = new ArrayList<>(2);
        final boolean follows = open != null && sequence == open.lastSequence() + 1 && startTime - open.endTime() <= maxGapMs;
        final boolean unusual = flagged || calibratedScore >= holdScore;
        if (follows && unusual) {
            final int windows = flagged ? open.windows() + 1 : open.reported() ? open.windows() : 0;
            final int run = open.unusual() + 1;
            final boolean reportedNow = !open.reported() && reportable(windows, run, severity, leastSeverity);
            final OpenAnomaly extended = new OpenAnomaly(open.anomalyId(), open.startTime(), Math.max(open.endTime(), endTime), sequence,
                    Math.max(open.peakScore(), calibratedScore), windows, run, open.reported() || reportedNow,
                    reportedNow ? severity : open.severity());
            if (reportedNow) {
                reports.add(new Report(extended, true));
            }
            return new Step(extended, reports);
        }
        if (open != null && open.reported()) {
            reports.add(new Report(open, false));
        }
        if (!unusual) {
            return new Step(null, reports);
        }
        final int windows = flagged ? 1 : 0;
        final boolean reportedNow = reportable(windows, 1, severity, leastSeverity);
        final OpenAnomaly opened = new OpenAnomaly(seriesId + "@" + startTime, startTime, endTime, sequence, calibratedScore, windows, 1,
                reportedNow, reportedNow ? severity : 0);
        if (reportedNow) {
            reports.add(new Report(opened, true));
        }
        return new Step(opened, reports);
    }

    /**
     * Whether an anomaly not yet reported is, with these flagged windows in a row at its end and unusual ones in a row,
     * at a window of this severity, where this least severity holds.
     */
    private boolean reportable(final int flaggedInARow, final int unusualInARow, final double severity, final double leastSeverity) {
        return (flaggedInARow >= confirmWindows || sustainWindows > 0 && unusualInARow >= sustainWindows) && severity >= leastSeverity;
    }
}
