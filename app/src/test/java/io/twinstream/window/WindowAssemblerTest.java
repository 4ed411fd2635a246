package io.twinstream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DataPoint;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.avro.Window;
import io.twinstream.avro.internal.SeriesState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {

    private static final WindowSettings SETTINGS = new WindowSettings(4, 2, 5_000L, 60_000L, 1_000);

    private final WindowAssembler assembler = new WindowAssembler(SETTINGS);
    private SeriesState state;

    private WindowAssembler.Assembly apply(final long timestamp, final double... values) {
        final List<Double> list = new ArrayList<>();
        for (final double value : values) {
            list.add(value);
        }
        final WindowAssembler.Assembly assembly = assembler.accept(state, new DataPoint("s", timestamp, list));
        state = assembly.state();
        return assembly;
    }

    @Test
    void shouldPutSlightlyLatePointInTimeOrder() {
        apply(1_000, 1);
        apply(3_000, 3);
        apply(4_000, 4);
        final WindowAssembler.Assembly late = apply(2_000, 2);
        assertNull(late.rejection());
        assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L), late.window().getTimestamps());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), late.window().getRaw());
        assertEquals(4_000L, state.getLastTimestamp());
    }

    @Test
    void shouldRefusePointOlderThanGraceAndKeepState() {
        apply(10_000, 1);
        final SeriesState before = state;
        final WindowAssembler.Assembly late = apply(4_999, 2);
        assertEquals(DeadLetterReason.TOO_LATE, late.rejection().reason());
        assertTrue(late.rejection().message().contains("5001 ms older"), late.rejection().message());
        assertEquals(before, late.state());
    }

    @Test
    void shouldRefuseALatePointOlderThanEveryPointOfAFullBufferAndKeepState() {
        apply(1_000, 1);
        apply(2_000, 2);
        apply(3_000, 3);
        apply(4_000, 4); // window 0
        final SeriesState before = state;
        final WindowAssembler.Assembly late = apply(500, 9); // within the grace, but no window can hold it
        assertEquals(DeadLetterReason.TOO_LATE, late.rejection().reason());
        assertTrue(late.rejection().message().contains("older than every point of the series' newest window (4 points from 1000)"),
                late.rejection().message());
        assertEquals(before, late.state());
        final WindowAssembler.Assembly next = apply(5_000, 5);
        assertNull(next.window(), "the refused point does not count towards the stride");
        assertEquals(List.of(3.0, 4.0, 5.0, 6.0), apply(6_000, 6).window().getRaw());
    }

    @Test
    void shouldRefuseChangedFeatureCount() {
        apply(1_000, 1, 2);
        final WindowAssembler.Assembly changed = apply(2_000, 1, 2, 3);
        assertEquals(DeadLetterReason.FEATURE_COUNT_CHANGED, changed.rejection().reason());
        assertTrue(changed.rejection().message().contains("has 2 features per point, this point has 3"));
    }

    @Test
    void shouldStartAfreshAfterLongGap() {
        for (int i = 0; i < 3; i++) {
            apply(1_000L * i, i);
        }
        final WindowAssembler.Assembly afterGap = apply(2_000 + 60_001, 10);
        assertTrue(afterGap.gap());
        assertNull(afterGap.window());
        assertEquals(1, state.getTimestamps().size());
        for (int i = 1; i <= 2; i++) {
            assertNull(apply(62_001L + 1_000L * i, 10 + i).window());
        }
        final Window window = apply(62_001L + 3_000L, 13).window();
        assertNotNull(window);
        assertEquals(List.of(10.0, 11.0, 12.0, 13.0), window.getRaw());
    }

    @Test
    void shouldNormaliseEachFeatureOnItsOwnScale() {
        Window window = null;
        for (int i = 0; i < 40; i++) {
            final WindowAssembler.Assembly assembly = apply(1_000L * i, 100 + (i % 2 == 0 ? 1 : -1), 5_000 + (i % 2 == 0 ? 500 : -500));
            if (assembly.window() != null) {
                window = assembly.window();
            }
        }
        assertNotNull(window);
        assertEquals(2, window.getFeatures());
        for (int t = 0; t < window.getLength(); t++) {
            assertEquals(window.getValues().get(2 * t), window.getValues().get(2 * t + 1), 1e-9, "both features are +-1 sd");
            assertEquals(1.0, Math.abs(window.getValues().get(2 * t)), 0.05);
        }
        assertEquals(100.0, window.getMean().get(0), 0.1);
        assertEquals(5_000.0, window.getMean().get(1), 15);
    }

    @Test
    void shouldKeepLevelShiftVisibleBecauseStatisticsMoveSlowly() {
        Window window = null;
        for (int i = 0; i < 500; i++) {
            final double level = i < 496 ? 0.0 : 10.0;
            final WindowAssembler.Assembly assembly = apply(1_000L * i, level + (i % 2 == 0 ? 1 : -1));
            if (assembly.window() != null) {
                window = assembly.window();
            }
        }
        assertNotNull(window);
        // the last four points sit ten standard deviations above the long-run mean
        for (final double z : window.getValues()) {
            assertTrue(z > 5, "z-score " + z);
        }
        assertFalse(window.getStd().get(0) > 2.0, "std " + window.getStd());
    }
}
