package io.twinstream.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
