package io.twinstream.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointGeneratorTest {

    private static final long STEP_MS = 300_000L;

    @Test
    void shouldMakeTheSamePointsAndLabelsFromTheSameSeed() {
        final PointGenerator first = new PointGenerator(3, 2, STEP_MS, 0.01, 9);
        final PointGenerator second = new PointGenerator(3, 2, STEP_MS, 0.01, 9);
        for (int i = 0; i < 5_000; i++) {
            final GeneratedPoint a = first.next();
            final GeneratedPoint b = second.next();
            assertEquals(a.seriesId(), b.seriesId());
            assertEquals(a.timestamp(), b.timestamp());
            assertArrayEquals(a.values(), b.values());
        }
        assertEquals(first.labels(), second.labels());
        assertTrue(first.labels().size() > 5);
    }

    @Test
    void shouldLabelExactlyThePointsItDistortsAndInjectEveryKind() {
        final PointGenerator generator = new PointGenerator(4, 1, STEP_MS, 0.01, 3);
        final Map<String, Long> lastTimestamp = new HashMap<>();
        final List<GeneratedPoint> anomalous = new java.util.ArrayList<>();
        for (int i = 0; i < 80_000; i++) {
            final GeneratedPoint point = generator.next();
            final Long previous = lastTimestamp.put(point.seriesId(), point.timestamp());
            if (previous != null) {
                assertEquals(STEP_MS, point.timestamp() - previous);
            }
            if (point.anomaly() != null) {
                anomalous.add(point);
            } else {
                final long t = point.timestamp();
                assertTrue(generator.labels().stream().noneMatch(l -> l.seriesId().equals(point.seriesId()) && l.covers(t)));
            }
            assertTrue(point.timestamp() >= PointGenerator.START_TIME);
        }
        assertEquals(4, lastTimestamp.size());
        for (final GeneratedPoint point : anomalous) {
            assertTrue(generator.labels().stream().anyMatch(l -> l.seriesId().equals(point.seriesId())
                    && l.kind() == point.anomaly() && l.covers(point.timestamp())));
            assertTrue(point.timestamp() >= PointGenerator.START_TIME + PointGenerator.WARMUP_MS, "no anomaly during warm-up");
        }
        final EnumSet<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
        generator.labels().forEach(label -> kinds.add(label.kind()));
        assertEquals(EnumSet.allOf(AnomalyKind.class), kinds);
    }

    @Test
    void shouldDistortValuesWhereLabelled() {
        final PointGenerator generator = new PointGenerator(1, 1, STEP_MS, 0.02, 11);
        double normalSpread = 0;
        int normalCount = 0;
        double spikeExcess = 0;
        int spikes = 0;
        double previous = Double.NaN;
        for (int i = 0; i < 30_000; i++) {
            final GeneratedPoint point = generator.next();
            final double value = point.values()[0];
            if (!Double.isNaN(previous)) {
                final double step = Math.abs(value - previous);
                if (point.anomaly() == null) {
                    normalSpread += step;
                    normalCount++;
                } else if (point.anomaly() == AnomalyKind.SPIKE || point.anomaly() == AnomalyKind.DIP) {
                    spikeExcess += step;
                    spikes++;
                }
            }
            previous = value;
        }
        assertTrue(spikes > 0);
        assertTrue(spikeExcess / spikes > 5 * normalSpread / normalCount,
                "spikes jump " + spikeExcess / spikes + " vs normal step " + normalSpread / normalCount);
        assertNull(new PointGenerator(1, 1, STEP_MS, 0.0, 1).next().anomaly());
    }
}
