package io.twinstream.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups a series' flagged windows into anomalies: the first flagged window opens one (reported as ongoing), the
 * following windows that are flagged too extend it silently, and the first window that is not flagged closes it
 * (reported once more, no longer ongoing). So an anomaly is two reports, however many windows it spans. A flagged
 * window that does not directly follow the open anomaly's last one (windows missing in between) closes it and opens
 * another.
 */
public final class AnomalyGrouping {

    /**
     * An anomaly that is still open.
     *
     * @param anomalyId identifier shared by its reports: series id and start time
     * @param startTime first point of its first window, ms since the epoch
     * @param endTime last point of its latest window, ms since the epoch
     * @param lastSequence sequence number of its latest window
     * @param peakScore highest calibrated score of its windows
     */
    public record OpenAnomaly(String anomalyId, long startTime, long endTime, long lastSequence, double peakScore) {
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
     * @param open the anomaly that is open, or null
     * @param reports what to publish, in order
     */
    public record Step(OpenAnomaly open, List<Report> reports) {
    }

    /**
     * Applies one scored window of a series.
     *
     * @param open the series' open anomaly, or null
     * @param sequence the window's sequence number within the series
     */
    public Step observe(final String seriesId, final OpenAnomaly open, final long sequence, final long startTime,
                        final long endTime, final boolean flagged, final double calibratedScore) {
        final List<Report> reports = new ArrayList<>(2);
        if (!flagged) {
            if (open != null) {
                reports.add(new Report(open, false));
            }
            return new Step(null, reports);
        }
        if (open != null && sequence == open.lastSequence() + 1) {
            return new Step(new OpenAnomaly(open.anomalyId(), open.startTime(), Math.max(open.endTime(), endTime), sequence,
                    Math.max(open.peakScore(), calibratedScore)), reports);
        }
        if (open != null) {
            reports.add(new Report(open, false));
        }
        final OpenAnomaly opened = new OpenAnomaly(seriesId + "@" + startTime, startTime, endTime, sequence, calibratedScore);
        reports.add(new Report(opened, true));
        return new Step(opened, reports);
    }
}
