package io.twinstream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyGroupingTest {

    private final AnomalyGrouping grouping = new AnomalyGrouping();

    /** Runs flags for windows 0..n-1 (window k spans [10k, 10k+50]); returns all reports. */
    private List<AnomalyGrouping.Report> run(final boolean... flags) {
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
}
