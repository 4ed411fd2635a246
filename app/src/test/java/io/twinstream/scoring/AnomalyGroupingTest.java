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

    private final AnomalyGrouping grouping = new AnomalyGrouping(1, 1.0);

    /** Runs flags for windows 0..n-1 (window k spans [10k, 10k+50]); returns all reports. */
    private List<AnomalyGrouping.Report> run(final boolean... flags) {
        return run(grouping, flags);
    }

    private static List<AnomalyGrouping.Report> run(final AnomalyGrouping grouping, final boolean... flags) {
        final List<AnomalyGrouping.Report> reports = new ArrayList<>();
        AnomalyGrouping.OpenAnomaly open = null;
        for (int k = 0; k < flags.length; k++) {
            final AnomalyGrouping.Step step = grouping.observe("s", open, k, 10L * k, 10L * k + 50, flags[k], flags[k] ? 0.99 + k * 1e-4 : 0.4);
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
        final AnomalyGrouping.Step first = grouping.observe("s", null, 4, 40, 90, true, 0.999);
        final AnomalyGrouping.Step later = grouping.observe("s", first.open(), 9, 90, 140, true, 0.999);
        assertEquals(2, later.reports().size());
        assertFalse(later.reports().get(0).ongoing());
        assertEquals("s@90", later.open().anomalyId());
        assertNull(grouping.observe("s", later.open(), 10, 100, 150, false, 0.1).open());
    }

    @Test
    void shouldReportOnlyRunsOfFlaggedWindowsLongEnoughToConfirm() {
        final AnomalyGrouping confirming = new AnomalyGrouping(3, 1.0);
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
        final AnomalyGrouping.Step first = confirming.observe("s", null, 4, 40, 90, true, 0.999);
        final AnomalyGrouping.Step second = confirming.observe("s", first.open(), 5, 50, 100, true, 0.999);
        final AnomalyGrouping.Step afterGap = confirming.observe("s", second.open(), 9, 90, 140, true, 0.999);
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
            final AnomalyGrouping.Step step = grouping.observe("s", open, k, 10L * k, 10L * k + 50, scores[k] > 0.999, scores[k]);
            reports.addAll(step.reports());
            open = step.open();
        }
        return reports;
    }

    @Test
    void shouldHoldAReportedAnomalyOpenWhileItsScoresStayAtTheHoldScore() {
        final AnomalyGrouping holding = new AnomalyGrouping(2, 0.95);
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
        final List<AnomalyGrouping.Report> unheld = runScores(new AnomalyGrouping(2, 1.0), 0.5, 0.9995, 0.9999, 0.97, 0.95, 0.9997, 0.96, 0.9,
                0.9999);
        assertEquals(2, unheld.size());
        assertEquals(70L, unheld.get(1).anomaly().endTime(), "closed at window 3: its last window, 2, ends at 70");
    }

    @Test
    void shouldNotHoldARunThatIsNotYetConfirmed() {
        final AnomalyGrouping holding = new AnomalyGrouping(3, 0.95);
        // two flagged windows, a high but unflagged one, two flagged: no three flagged in a row, so nothing is reported
        assertEquals(List.of(), runScores(holding, 0.9995, 0.9999, 0.99, 0.9995, 0.9999, 0.5));
    }

    @Test
    void shouldCountTheWindowsThatSpanTheConfirmingPoints() {
        assertEquals(1, AnomalyGrouping.windowsToConfirm(0, 8));
        assertEquals(2, AnomalyGrouping.windowsToConfirm(2, 8), "the next window, 8 points on, spans 2");
        assertEquals(3, AnomalyGrouping.windowsToConfirm(2, 1));
        assertEquals(3, AnomalyGrouping.windowsToConfirm(9, 8));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new AnomalyGrouping(1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> AnomalyGrouping.windowsToConfirm(-1, 8));
    }
}
