package io.twinstream.observe;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.SyntheticSequence;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the live page shows, kept in memory and bounded: for each of the most recently active series (at most
 * {@code maxSeries}), its latest points (at most {@code maxPoints}, first feature), its latest window scores (at most
 * {@code maxScores}), its latest reported anomalies (at most {@value #MAX_ANOMALIES}) and its latest real window; and
 * the latest synthetic sequence. Records seen twice (a retried batch) replace themselves. Thread-safe: the stream
 * thread and the trainer write, the HTTP server reads.
 */
public final class LiveView {

    /** A scored window as the page draws it. */
    public record ScorePoint(long startTime, long endTime, double calibratedScore, double threshold, boolean flagged, String state,
                             long modelVersion) {
    }

    /**
     * A reported anomaly as the page draws it: its extent so far, its score (the highest calibrated score of its windows),
     * its severity (raw score over its series' median one where it was reported) and whether it is still open.
     */
    public record AnomalySpan(String anomalyId, long startTime, long endTime, double score, double severity, boolean ongoing) {
    }

    /** A series' recent history, a copy. */
    public record SeriesHistory(String seriesId, List<Long> times, List<Double> values, List<ScorePoint> scores,
                                List<AnomalySpan> anomalies, List<Double> latestWindow) {
    }

    /** The latest synthetic sequence and the latest real window of its template series (empty when unknown). */
    public record SyntheticSample(SyntheticSequence sequence, List<Double> realWindow) {
    }

    private static final class Series {
        final NavigableMap<Long, Double> points = new TreeMap<>();
        final NavigableMap<Long, ScorePoint> scores = new TreeMap<>();
        // by anomaly id, in the order they opened: a closing report replaces its opening one
        final LinkedHashMap<String, AnomalySpan> anomalies = new LinkedHashMap<>();
        List<Double> latestWindow = List.of();
    }

    /** Reported anomalies kept per series. */
    static final int MAX_ANOMALIES = 50;

    private final int maxSeries;
    private final int maxPoints;
    private final int maxScores;
    // the least recently active series first: activity moves a series to the end, reading it for the page does not
    private final LinkedHashMap<String, Series> series = new LinkedHashMap<>();
    private SyntheticSequence latestSynthetic;

    public LiveView(final int maxSeries, final int maxPoints, final int maxScores) {
        this.maxSeries = maxSeries;
        this.maxPoints = maxPoints;
        this.maxScores = maxScores;
    }

    /** A view that keeps, for each of 20 series, its last 2,500 points and 300 window scores. */
    public static LiveView withDefaultBounds() {
        return new LiveView(20, 2_500, 300);
    }

    /** Takes a window's raw points (first feature) into its series' history. */
    public synchronized void window(final Window window) {
        final Series history = seriesOf(window.getSeriesId());
        final int features = window.getFeatures();
        final List<Double> raw = window.getRaw();
        final List<Long> timestamps = window.getTimestamps();
        final List<Double> first = new ArrayList<>(timestamps.size());
        // windows overlap: only points newer than the series' newest are new (an older window, replayed, adds nothing)
        final Long newest = history.points.isEmpty() ? null : history.points.lastKey();
        for (int t = 0; t < timestamps.size(); t++) {
            final double value = raw.get(t * features);
            if (newest == null || timestamps.get(t) > newest) {
                history.points.put(timestamps.get(t), value);
            }
            first.add(value);
        }
        history.latestWindow = first;
        while (history.points.size() > maxPoints) {
            history.points.pollFirstEntry();
        }
    }

    /** Takes a window's score into its series' history. */
    public synchronized void score(final WindowScore score) {
        final Series history = seriesOf(score.getSeriesId());
        history.scores.put(score.getEndTime(), new ScorePoint(score.getStartTime(), score.getEndTime(), score.getCalibratedScore(),
                score.getThreshold(), score.getFlagged(), score.getState(), score.getModelVersion()));
        while (history.scores.size() > maxScores) {
            history.scores.pollFirstEntry();
        }
    }

    /** Takes an anomaly report (its opening or its closing) into its series' history. */
    public synchronized void anomaly(final Anomaly anomaly) {
        final Series history = seriesOf(anomaly.getSeriesId());
        history.anomalies.put(anomaly.getAnomalyId(), new AnomalySpan(anomaly.getAnomalyId(), anomaly.getStartTime(), anomaly.getEndTime(),
                anomaly.getCalibratedScore(), anomaly.getSeverity(), anomaly.getOngoing()));
        while (history.anomalies.size() > MAX_ANOMALIES) {
            history.anomalies.remove(history.anomalies.keySet().iterator().next());
        }
    }

    /** Remembers the newest synthetic sequence. */
    public synchronized void synthetic(final SyntheticSequence sequence) {
        latestSynthetic = sequence;
    }

    /** Series ids, the most recently active last. */
    public synchronized List<String> seriesIds() {
        return List.copyOf(series.keySet());
    }

    /** A copy of one series' history, or null when the view does not hold it. */
    public synchronized SeriesHistory history(final String seriesId) {
        final Series history = series.get(seriesId);
        if (history == null) {
            return null;
        }
        return new SeriesHistory(seriesId, List.copyOf(history.points.keySet()), List.copyOf(history.points.values()), List.copyOf(history.scores.values()),
                List.copyOf(history.anomalies.values()), history.latestWindow);
    }

    /** The latest synthetic sequence, or null before the first. */
    public synchronized SyntheticSample latestSynthetic() {
        if (latestSynthetic == null) {
            return null;
        }
        final Series template = series.get(latestSynthetic.getTemplateSeriesId());
        return new SyntheticSample(latestSynthetic, template == null ? List.of() : template.latestWindow);
    }

    /** Holds {@code seriesId}'s history, creating it and dropping the least recently active series when full. */
    private Series seriesOf(final String seriesId) {
        final Series existing = series.remove(seriesId);
        if (existing != null) {
            series.put(seriesId, existing);
            return existing;
        }
        if (series.size() >= maxSeries) {
            final Map.Entry<String, Series> eldest = series.entrySet().iterator().next();
            series.remove(eldest.getKey());
        }
        final Series created = new Series();
        series.put(seriesId, created);
        return created;
    }
}
