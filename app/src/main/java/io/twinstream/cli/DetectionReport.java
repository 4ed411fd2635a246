package io.twinstream.cli;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.WindowScore;
import io.twinstream.generator.AnomalyKind;
import io.twinstream.generator.LabelledAnomaly;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well reported anomalies match labelled ones, by the overlapping-segment rule: a labelled anomaly overlapped by
 * any report of its series is detected; a report overlapping no labelled anomaly is a false alarm. Only labels that
 * lie wholly inside the time a model was scoring their series are counted.
 *
 * @param labels labelled anomalies counted
 * @param detected of those, the ones some report overlaps
 * @param reports distinct anomalies reported in that time
 * @param trueReports of those, the ones overlapping a label
 * @param byKind per kind of labelled anomaly: {counted, detected}
 */
record DetectionReport(int labels, int detected, int reports, int trueReports, Map<AnomalyKind, int[]> byKind) {

    double recall() {
        return labels == 0 ? Double.NaN : (double) detected / labels;
    }

    double precision() {
        return reports == 0 ? Double.NaN : (double) trueReports / reports;
    }

    String describe() {
        final StringBuilder kinds = new StringBuilder();
        byKind.forEach((kind, counts) -> kinds.append(String.format(Locale.ROOT, "%s%s %d/%d", kinds.length() == 0 ? "" : ", ",
                kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), counts[1], counts[0])));
        return String.format(Locale.ROOT, "recall %.2f (%d of %d labelled anomalies detected: %s), precision %.2f (%d of %d reported "
                + "anomalies overlap a label)", recall(), detected, labels, kinds, precision(), trueReports, reports);
    }

    /** Compares {@code anomalies} (all reports) with {@code labels}, within the spans {@code scores} show as scored. */
    static DetectionReport of(final List<LabelledAnomaly> labels, final List<Anomaly> anomalies, final List<WindowScore> scores) {
        final Map<String, long[]> scoredSpan = new HashMap<>();
        for (final WindowScore score : scores) {
            if ("SCORED".equals(score.getState())) {
                scoredSpan.merge(score.getSeriesId(), new long[] {score.getEndTime(), score.getEndTime()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        final Map<String, Anomaly> latest = new LinkedHashMap<>();
        anomalies.forEach(anomaly -> latest.put(anomaly.getAnomalyId(), anomaly));
        int counted = 0;
        int detected = 0;
        final Map<AnomalyKind, int[]> byKind = new EnumMap<>(AnomalyKind.class);
        for (final LabelledAnomaly label : labels) {
            final long[] span = scoredSpan.get(label.seriesId());
            if (span == null || label.startTime() < span[0] || label.endTime() > span[1]) {
                continue;
            }
            counted++;
            final int[] kindCounts = byKind.computeIfAbsent(label.kind(), kind -> new int[2]);
            kindCounts[0]++;
            if (latest.values().stream().anyMatch(a -> overlaps(a, label))) {
                detected++;
                kindCounts[1]++;
            }
        }
        int reports = 0;
        int trueReports = 0;
        for (final Anomaly anomaly : latest.values()) {
            final long[] span = scoredSpan.get(anomaly.getSeriesId());
            if (span == null || anomaly.getEndTime() > span[1]) {
                continue;
            }
            reports++;
            if (labels.stream().anyMatch(label -> overlaps(anomaly, label))) {
                trueReports++;
            }
        }
        return new DetectionReport(counted, detected, reports, trueReports, byKind);
    }

    private static boolean overlaps(final Anomaly anomaly, final LabelledAnomaly label) {
        return anomaly.getSeriesId().equals(label.seriesId()) && anomaly.getStartTime() <= label.endTime()
                && anomaly.getEndTime() >= label.startTime();
    }
}
