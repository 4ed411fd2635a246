package io.twinstream.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.Window;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    /** A window of {@code length} points of series {@code id} ending at time {@code end}, value = time. */
    private static Window window(final String id, final long end, final int length) {
        final List<Long> times = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        for (long t = end - length + 1; t <= end; t++) {
            times.add(t);
            values.add((double) t);
        }
        return Window.newBuilder().setSeriesId(id).setSequence(0).setStartTime(times.get(0)).setEndTime(end).setLength(length)
                .setFeatures(1).setTimestamps(times).setValues(values).setRaw(values).setMean(List.of(0.0)).setStd(List.of(1.0)).build();
    }

    @Test
    void shouldKeepEachPointOnceAndOnlyTheNewest() {
        final LiveView view = new LiveView(2, 10, 5);
        for (long end = 3; end <= 20; end++) {
            view.window(window("a", end, 4)); // stride 1: each window repeats three points of the one before
        }
        final LiveView.SeriesHistory history = view.history("a");
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), history.times());
        assertEquals(List.of(17.0, 18.0, 19.0, 20.0), history.latestWindow());
        // an older window seen again (a retried batch) changes nothing
        view.window(window("a", 12, 4));
        assertEquals(history.times(), view.history("a").times());
    }

    private static Anomaly anomaly(final String id, final long start, final long end, final double score, final boolean ongoing) {
        return Anomaly.newBuilder().setSeriesId("a").setAnomalyId(id).setStartTime(start).setEndTime(end).setRawScore(3)
                .setCalibratedScore(score).setSeverity(2.5).setThreshold(0.9995).setModelVersion(1).setOngoing(ongoing).setValues(List.of(1.0))
                .setFeatures(1).setDetectedAt(0).build();
    }

    @Test
    void shouldKeepEachReportedAnomalyOnceWithItsLatestReportAndOnlyTheNewest() {
        final LiveView view = new LiveView(2, 10, 5);
        view.anomaly(anomaly("a@10", 10, 40, 0.97, true));
        view.anomaly(anomaly("a@60", 60, 80, 0.9999, true));
        view.anomaly(anomaly("a@10", 10, 55, 0.99, false));
        final List<LiveView.AnomalySpan> spans = view.history("a").anomalies();
        assertEquals(2, spans.size(), "the closing report replaces its opening one: " + spans);
        assertEquals(new LiveView.AnomalySpan("a@10", 10, 55, 0.99, 2.5, false), spans.get(0));
        assertTrue(spans.get(1).ongoing());
        for (int i = 0; i < LiveView.MAX_ANOMALIES + 5; i++) {
            view.anomaly(anomaly("a@" + (100 + i), 100 + i, 100 + i, 0.9999, false));
        }
        final List<LiveView.AnomalySpan> newest = view.history("a").anomalies();
        assertEquals(LiveView.MAX_ANOMALIES, newest.size());
        assertEquals("a@" + (100 + LiveView.MAX_ANOMALIES + 4), newest.get(newest.size() - 1).anomalyId());
        assertFalse(newest.stream().anyMatch(span -> span.anomalyId().equals("a@10")), "the oldest are dropped");
    }

    @Test
    void shouldDropTheLeastRecentlyActiveSeries() {
        final LiveView view = new LiveView(2, 10, 5);
        view.window(window("a", 5, 4));
        view.window(window("b", 5, 4));
        view.window(window("a", 6, 4));
        view.window(window("c", 5, 4));
        assertEquals(List.of("a", "c"), view.seriesIds());
        assertNull(view.history("b"));
    }

    @Test
    void shouldNotCountReadingASeriesForThePageAsActivity() {
        final LiveView view = new LiveView(2, 10, 5);
        view.window(window("a", 5, 4));
        view.window(window("b", 5, 4));
        view.history("a"); // the page polls the series someone watches; a has stopped
        view.window(window("c", 5, 4));
        assertEquals(List.of("b", "c"), view.seriesIds());
        assertNull(view.history("a"));
    }
}
