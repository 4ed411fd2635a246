package io.twinstream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyGroupingTest {

    /** Scores of the series held by the calibration that judged a window: settled, for every grouping here that has a settled number. */
    private static final int HELD = 1_000;

    private final AnomalyGrouping grouping = new AnomalyGrouping(1, 1.0, 0);

    /** Runs flags for windows 0..n-1 (window k spans [10k, 10k+50]); returns all reports. */
    private List<AnomalyGrouping.Report> run(final boolean... flags) {
        return run(grouping, flags);
    }

    private static List<AnomalyGrouping.Report> run(final AnomalyGrouping grouping, final boolean... flags) {
        final List<AnomalyGrouping.Report> reports = new ArrayList<>();
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < flags.length; k++) {
            final AnomalyGrouping.Step step = grouping.observe("s", open, k, 10L * k, 10L * k + 50, flags[k], flags[k] ? 0.99 + k * 1e-4 : 0.4, 2.0, HELD);
            reports.addAll(step.reports());
            open = step.open();
        }
        return reports;
    }

    @Test
    void shouldReportAdjacentFlaggedWindowsAsOneAnomalyOpenedAndClosed() {
        final List<AnomalyGrouping.Report> reports = run(false, true, true, true, true, false, false);
        assertEquals(2, reports.size());
        assertTrue(reports.get(0).ongoing());
        assertFalse(reports.get(1).ongoing());
        final AnomalyGrouping.OpenAnomaly closed = reports.get(1).anomaly();
        assertEquals(reports.get(0).anomaly().anomalyId(), closed.anomalyId());
        assertEquals(10L, closed.startTime());
        assertEquals(90L, closed.endTime());
        assertEquals(0.99 + 4e-4, closed.peakScore(), 1e-12);
    }

    @Test
    void shouldKeepSeparateAnomaliesApart() {
        final List<AnomalyGrouping.Report> reports = run(true, false, true);
        assertEquals(3, reports.size(), "open, close, open: the last is still ongoing");
        assertEquals("s@0", reports.get(0).anomaly().anomalyId());
        assertEquals("s@20", reports.get(2).anomaly().anomalyId());
        assertTrue(reports.get(2).ongoing());
    }

    @Test
    void shouldCloseAndReopenWhenWindowsAreMissingBetween() {
        final AnomalyGrouping.Step first = grouping.observe("s", null, 4, 40, 90, true, 0.999, 2.0, HELD);
        final AnomalyGrouping.Step later = grouping.observe("s", first.open(), 9, 90, 140, true, 0.999, 2.0, HELD);
        assertEquals(2, later.reports().size());
        assertFalse(later.reports().get(0).ongoing());
        assertEquals("s@90", later.open().anomalyId());
        assertNull(grouping.observe("s", later.open(), 10, 100, 150, false, 0.1, 2.0, HELD).open());
    }

    @Test
    void shouldEndAnAnomalyAtAGapLongerThanTheWindowStageBridgesThoughTheNextWindowsNumberFollows() {
        final AnomalyGrouping bridging = new AnomalyGrouping(1, 1.0, 0, 1_000, 0, 0, 0);
        final AnomalyGrouping.Step first = bridging.observe("s", null, 4, 40, 90, true, 0.999, 2.0, HELD);
        // the series' next window after a gap of 1,001 ms: numbered next, but its points all come after the gap
        final AnomalyGrouping.Step afterGap = bridging.observe("s", first.open(), 5, 1_091, 1_141, true, 0.999, 2.0, HELD);
        assertEquals(2, afterGap.reports().size());
        assertFalse(afterGap.reports().get(0).ongoing());
        assertEquals("s@40", afterGap.reports().get(0).anomaly().anomalyId());
        assertEquals("s@1091", afterGap.open().anomalyId());
        // a gap it bridges (the next window starting 1,000 ms after the anomaly's end) keeps the anomaly
        final AnomalyGrouping.Step bridged = bridging.observe("s", first.open(), 5, 1_090, 1_140, true, 0.999, 2.0, HELD);
        assertEquals(List.of(), bridged.reports());
        assertEquals("s@40", bridged.open().anomalyId());
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 1.0, 0, -1, 0, 0, 0));
    }

    @Test
    void shouldReportOnlyRunsOfFlaggedWindowsLongEnoughToConfirm() {
        final AnomalyGrouping confirming = new AnomalyGrouping(3, 1.0, 0);
        // a lone flagged window and a pair: neither confirmed, nothing reported
        assertEquals(List.of(), run(confirming, false, true, false, true, true, false, false));
        // four in a row: reported as it opens at the third, spanning from the first; closed at the first unflagged one
        final List<AnomalyGrouping.Report> reports = run(confirming, false, true, true, true, true, false);
        assertEquals(2, reports.size());
        final AnomalyGrouping.Report opening = reports.get(0);
        assertTrue(opening.ongoing());
        assertEquals("s@10", opening.anomaly().anomalyId());
        assertEquals(10L, opening.anomaly().startTime());
        assertEquals(80L, opening.anomaly().endTime(), "it opens with the third window, which ends at 80");
        assertEquals(3, opening.anomaly().windows());
        assertFalse(reports.get(1).ongoing());
        assertEquals(90L, reports.get(1).anomaly().endTime());
        assertEquals(0.99 + 4e-4, reports.get(1).anomaly().peakScore(), 1e-12);
        // an unconfirmed run cut by missing windows is dropped and the next one counted afresh
        final AnomalyGrouping.Step first = confirming.observe("s", null, 4, 40, 90, true, 0.999, 2.0, HELD);
        final AnomalyGrouping.Step second = confirming.observe("s", first.open(), 5, 50, 100, true, 0.999, 2.0, HELD);
        final AnomalyGrouping.Step afterGap = confirming.observe("s", second.open(), 9, 90, 140, true, 0.999, 2.0, HELD);
        assertEquals(List.of(), afterGap.reports());
        assertEquals("s@90", afterGap.open().anomalyId());
        assertEquals(1, afterGap.open().windows());
        assertFalse(afterGap.open().reported());
    }

    /** Runs calibrated scores for windows 0..n-1 (window k spans [10k, 10k+50]), flagged above 0.999; returns all reports. */
    private static List<AnomalyGrouping.Report> runScores(final AnomalyGrouping grouping, final double... scores) {
        final List<AnomalyGrouping.Report> reports = new ArrayList<>();
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < scores.length; k++) {
            final AnomalyGrouping.Step step = grouping.observe("s", open, k, 10L * k, 10L * k + 50, scores[k] > 0.999, scores[k], 2.0, HELD);
            reports.addAll(step.reports());
            open = step.open();
        }
        return reports;
    }

    @Test
    void shouldHoldAReportedAnomalyOpenWhileItsScoresStayAtTheHoldScore() {
        final AnomalyGrouping holding = new AnomalyGrouping(2, 0.95, 0);
        // confirmed at window 2, held through 3 and 4 (0.97, 0.95), flagged again at 5, held at 6, closed at 7 (0.9)
        final List<AnomalyGrouping.Report> reports = runScores(holding, 0.5, 0.9995, 0.9999, 0.97, 0.95, 0.9997, 0.96, 0.9, 0.9999);
        assertEquals(2, reports.size(), "one anomaly, opened and closed; the last flagged window starts another, not yet confirmed");
        assertTrue(reports.get(0).ongoing());
        final AnomalyGrouping.OpenAnomaly closed = reports.get(1).anomaly();
        assertFalse(reports.get(1).ongoing());
        assertEquals("s@10", closed.anomalyId());
        assertEquals(110L, closed.endTime(), "it spans to the end of window 6, the last that held it");
        assertEquals(3, closed.windows(), "the flagged windows only");
        assertEquals(0.9999, closed.peakScore(), 1e-12);
        // without the hold the same scores are three anomalies, the second and third unconfirmed and not reported
        final List<AnomalyGrouping.Report> unheld = runScores(new AnomalyGrouping(2, 1.0, 0), 0.5, 0.9995, 0.9999, 0.97, 0.95, 0.9997, 0.96, 0.9,
                0.9999);
        assertEquals(2, unheld.size());
        assertEquals(70L, unheld.get(1).anomaly().endTime(), "closed at window 3: its last window, 2, ends at 70");
    }

    @Test
    void shouldNotConfirmARunWithoutEnoughFlaggedWindowsInARow() {
        final AnomalyGrouping holding = new AnomalyGrouping(3, 0.95, 0);
        // two flagged windows, a high but unflagged one, two flagged: no three flagged in a row, so nothing is reported
        assertEquals(List.of(), runScores(holding, 0.9995, 0.9999, 0.99, 0.9995, 0.9999, 0.5));
        // the third flagged in a row confirms it; it started with the unusual window before the flagged ones
        final List<AnomalyGrouping.Report> confirmed = runScores(holding, 0.5, 0.97, 0.9995, 0.9999, 0.9995, 0.5);
        assertEquals(2, confirmed.size());
        assertEquals("s@10", confirmed.get(0).anomaly().anomalyId());
        assertEquals(90L, confirmed.get(0).anomaly().endTime(), "opened at window 4, the third flagged in a row");
        assertEquals(3, confirmed.get(0).anomaly().windows());
        assertEquals(4, confirmed.get(0).anomaly().unusual());
    }

    @Test
    void shouldReportARunOfUnusualWindowsThatLastsLongEnoughThoughTooFewAreFlaggedToConfirmIt() {
        final AnomalyGrouping sustaining = new AnomalyGrouping(3, 0.95, 5);
        // five unusual windows in a row, none flagged: reported as it opens at the fifth, closed at the first below 0.95
        final List<AnomalyGrouping.Report> reports = runScores(sustaining, 0.5, 0.97, 0.96, 0.99, 0.98, 0.975, 0.97, 0.9, 0.5);
        assertEquals(2, reports.size());
        final AnomalyGrouping.OpenAnomaly opening = reports.get(0).anomaly();
        assertTrue(reports.get(0).ongoing());
        assertEquals("s@10", opening.anomalyId());
        assertEquals(10L, opening.startTime());
        assertEquals(100L, opening.endTime(), "opened with window 5, which ends at 100");
        assertEquals(0, opening.windows());
        assertEquals(5, opening.unusual());
        assertEquals(0.99, opening.peakScore(), 1e-12);
        assertFalse(reports.get(1).ongoing());
        assertEquals(110L, reports.get(1).anomaly().endTime(), "held to window 6, the run's last");
        // four are not enough; nor are five that a missing window splits
        assertEquals(List.of(), runScores(sustaining, 0.5, 0.97, 0.96, 0.99, 0.98, 0.9, 0.97, 0.97, 0.5));
        final AnomalyGrouping.Step first = sustaining.observe("s", null, 1, 10, 60, false, 0.97, 2.0, HELD);
        AnomalyGrouping.Step step = sustaining.observe("s", first.open(), 2, 20, 70, false, 0.97, 2.0, HELD);
        step = sustaining.observe("s", step.open(), 4, 40, 90, false, 0.97, 2.0, HELD);
        step = sustaining.observe("s", step.open(), 5, 50, 100, false, 0.97, 2.0, HELD);
        step = sustaining.observe("s", step.open(), 6, 60, 110, false, 0.97, 2.0, HELD);
        assertEquals(List.of(), step.reports());
        assertEquals("s@40", step.open().anomalyId());
        assertEquals(3, step.open().unusual());
        // flagged windows count towards the run: two flagged, not in a row, among five unusual ones
        final List<AnomalyGrouping.Report> mixed = runScores(sustaining, 0.97, 0.9995, 0.96, 0.9999, 0.97, 0.5);
        assertEquals(2, mixed.size());
        assertEquals(40L + 50, mixed.get(0).anomaly().endTime(), "opened with window 4");
        assertEquals(0.9999, mixed.get(0).anomaly().peakScore(), 1e-12);
        // without sustaining, the same scores report nothing
        assertEquals(List.of(), runScores(new AnomalyGrouping(3, 0.95, 0), 0.5, 0.97, 0.96, 0.99, 0.98, 0.975, 0.97, 0.9, 0.5));
        // sustained by one: every unusual window opens an anomaly at once
        assertEquals(true, runScores(new AnomalyGrouping(3, 0.95, 1), 0.5, 0.96, 0.5).get(0).ongoing());
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(3, 0.95, -1));
    }

    @Test
    void shouldHoldAConfirmedAnomalyUnreportedUntilOneOfItsWindowsIsSevereEnough() {
        final AnomalyGrouping severe = new AnomalyGrouping(2, 0.95, 0, Long.MAX_VALUE, 1.5, 1.5, 0);
        final double[] severities = {1.1, 1.2, 1.3, 1.6, 1.2};
        final List<AnomalyGrouping.Report> reports = new ArrayList<>();
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < severities.length; k++) {
            final AnomalyGrouping.Step step = severe.observe("s", open, k, 10L * k, 10L * k + 50, true, 0.9999, severities[k], HELD);
            assertEquals(k == 3, !step.reports().isEmpty(), "window " + k);
            reports.addAll(step.reports());
            open = step.open();
        }
        reports.addAll(severe.observe("s", open, 5, 50, 100, false, 0.2, 0, HELD).reports());
        assertEquals(List.of(true, false), reports.stream().map(AnomalyGrouping.Report::ongoing).toList());
        assertEquals("s@0", reports.get(0).anomaly().anomalyId(), "it starts at its first window, though reported at its fourth");
        assertEquals(1.6, reports.get(0).anomaly().severity());
        assertEquals(1.6, reports.get(1).anomaly().severity(), "the closing report keeps the severity it was reported at");
    }

    @Test
    void shouldNotReportAnAnomalyNoneOfWhoseWindowsIsSevereEnough() {
        final AnomalyGrouping severe = new AnomalyGrouping(1, 0.95, 3, Long.MAX_VALUE, 1.5, 1.5, 0);
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < 6; k++) {
            final AnomalyGrouping.Step step = severe.observe("s", open, k, 10L * k, 10L * k + 50, k % 2 == 0, 0.9999, 1.4, HELD);
            assertEquals(List.of(), step.reports());
            open = step.open();
        }
        assertFalse(open.reported());
        assertNull(severe.observe("s", open, 6, 60, 110, false, 0.2, 0, HELD).open());
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, -0.5, 2.0, 300));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, Double.NaN, 2.0, 300));
    }

    @Test
    void shouldAskAWindowJudgedByAnUnsettledCalibrationForTheUnsettledLeastSeverity() {
        // least severity 1.25 once the calibration holds 300 scores, 2 before
        final AnomalyGrouping severe = new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, 1.25, 2.0, 300);
        final double[] severities = {1.6, 1.9, 1.6, 1.6};
        final int[] calibrationScores = {100, 250, 299, 300};
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < severities.length; k++) {
            final AnomalyGrouping.Step step = severe.observe("s", open, k, 10L * k, 10L * k + 50, true, 0.9999, severities[k],
                    calibrationScores[k]);
            assertEquals(k == 3, !step.reports().isEmpty(), "window " + k + ", severity " + severities[k] + ", " + calibrationScores[k] + " scores");
            open = step.open();
        }
        assertEquals(1.6, open.severity(), "reported at the first window judged by a settled calibration");
        assertEquals("s@0", open.anomalyId());
        // a window severe enough for an unsettled calibration is reported at once
        final AnomalyGrouping.Step early = severe.observe("t", null, 0, 0, 50, true, 0.9999, 2.0, 10);
        assertEquals(List.of(true), early.reports().stream().map(AnomalyGrouping.Report::ongoing).toList());
        // settled at 0 scores: the least severity holds from the first window
        assertTrue(new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, 1.25, 2.0, 0).observe("u", null, 0, 0, 50, true, 0.9999, 1.3, 0).open().reported());
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, 1.25, -1, 300));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, 1.25, Double.POSITIVE_INFINITY, 300));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 0.95, 0, Long.MAX_VALUE, 1.25, 2.0, -1));
    }

    @Test
    void shouldCountTheWindowsThatSpanTheConfirmingPoints() {
        assertEquals(1, AnomalyGrouping.windowsToConfirm(0, 8));
        assertEquals(2, AnomalyGrouping.windowsToConfirm(2, 8), "the next window, 8 points on, spans 2");
        assertEquals(3, AnomalyGrouping.windowsToConfirm(2, 1));
        assertEquals(3, AnomalyGrouping.windowsToConfirm(9, 8));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(0, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> AnomalyGrouping.windowsToConfirm(-1, 8));
    }
}
