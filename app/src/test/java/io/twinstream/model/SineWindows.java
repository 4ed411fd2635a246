package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded sine-like windows, normal and with injected anomalies, for model tests. */
final class SineWindows {

    enum Anomaly { SPIKE, LEVEL_SHIFT, FLATLINE, FREQUENCY_CHANGE }

    private final int length;
    private final Random random;

    SineWindows(final int length, final long seed) {
        this.length = length;
        this.random = new Random(seed);
    }

    List<double[]> normal(final int count) {
        final List<double[]> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            windows.add(window(1.0, null));
        }
        return windows;
    }

    /** {@code perKind} anomalous windows of each kind, kind by kind. */
    List<double[]> anomalous(final int perKind) {
        final List<double[]> windows = new ArrayList<>();
        for (final Anomaly kind : Anomaly.values()) {
            for (int i = 0; i < perKind; i++) {
                windows.add(anomalous(kind));
            }
        }
        return windows;
    }

    double[] anomalous(final Anomaly anomaly) {
        return window(anomaly == Anomaly.FREQUENCY_CHANGE ? 3.0 : 1.0, anomaly);
    }

    private double[] window(final double speedUp, final Anomaly anomaly) {
        final double amplitude = 1.2 + 0.2 * random.nextDouble();
        final double period = 12 + 4 * random.nextDouble();
        final double phase = random.nextDouble() * 2 * Math.PI;
        final double[] window = new double[length];
        for (int t = 0; t < length; t++) {
            window[t] = amplitude * Math.sin(2 * Math.PI * t * speedUp / period + phase) + 0.1 * random.nextGaussian();
        }
        final int from = length / 2 + random.nextInt(length / 4);
        if (anomaly == Anomaly.SPIKE) {
            window[from] += (random.nextBoolean() ? 1 : -1) * (3.0 + random.nextDouble());
        } else if (anomaly == Anomaly.LEVEL_SHIFT) {
            for (int t = from; t < length; t++) {
                window[t] += 2.0;
            }
        } else if (anomaly == Anomaly.FLATLINE) {
            for (int t = from; t < length; t++) {
                window[t] = window[from - 1];
            }
        }
        return window;
    }
}
