package io.twinstream.generator;

import java.util.Random;
import java.util.function.Consumer;

/**
 * One simulated series: a level with a slow trend, a daily and a weekly cycle, per-feature scale and noise, and the
 * anomaly (if any) currently injected. Deterministic for a given seed.
 */
final class SeriesSimulator {

    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;

    private final String seriesId;
    private final Random random;
    private final long stepMs;
    private final double level;
    private final double dailyAmplitude;
    private final double weeklyAmplitude;
    private final double trendPerDay;
    private final double noise;
    private final double phase;
    private final double[] featureScale;
    private final double[] featureOffset;

    private long nextTimestamp;
    private long index;
    private AnomalyKind anomaly;
    private long anomalyPointsLeft;
    private double anomalyShift;
    private double[] frozen;

    SeriesSimulator(final String seriesId, final long seed, final int features, final long startTime, final long stepMs) {
        this.seriesId = seriesId;
        this.random = new Random(seed);
        this.stepMs = stepMs;
        this.level = 20 + random.nextDouble() * 180;
        this.dailyAmplitude = level * (0.1 + 0.2 * random.nextDouble());
        this.weeklyAmplitude = level * (0.03 + 0.07 * random.nextDouble());
        this.trendPerDay = level * (random.nextDouble() - 0.5) * 0.01;
        this.noise = dailyAmplitude * (0.03 + 0.05 * random.nextDouble());
        this.phase = random.nextDouble() * 2 * Math.PI;
        this.featureScale = new double[features];
        this.featureOffset = new double[features];
        for (int f = 0; f < features; f++) {
            featureScale[f] = f == 0 ? 1.0 : 0.5 + random.nextDouble();
            featureOffset[f] = f == 0 ? 0.0 : level * (random.nextDouble() - 0.5);
        }
        this.nextTimestamp = startTime;
    }

    String seriesId() {
        return seriesId;
    }

    /**
     * The next point. An anomaly may start at it with probability {@code anomalyRate} when none is running and the
     * series is past its warm-up; a started anomaly is reported to {@code labels} with its full extent.
     */
    GeneratedPoint next(final double anomalyRate, final long warmupPoints, final Consumer<LabelledAnomaly> labels) {
        final long timestamp = nextTimestamp;
        if (anomaly == null && index >= warmupPoints && random.nextDouble() < anomalyRate) {
            start(timestamp, labels);
        }
        final double[] values = normal(timestamp, anomaly == AnomalyKind.FREQUENCY_CHANGE ? 6.0 : 1.0);
        final AnomalyKind kind = anomaly;
        if (kind != null) {
            distort(values);
            if (--anomalyPointsLeft == 0) {
                anomaly = null;
                frozen = null;
            }
        }
        nextTimestamp += stepMs;
        index++;
        return new GeneratedPoint(seriesId, timestamp, values, kind);
    }

    private double[] normal(final long timestamp, final double speedUp) {
        final double day = 2 * Math.PI * (timestamp % DAY_MS) / DAY_MS * speedUp + phase;
        final double week = 2 * Math.PI * (timestamp % WEEK_MS) / WEEK_MS;
        final double seasonal = dailyAmplitude * (Math.sin(day) + 0.3 * Math.sin(2 * day)) + weeklyAmplitude * Math.sin(week);
        final double trend = trendPerDay * index * stepMs / DAY_MS;
        final double noiseScale = anomaly == AnomalyKind.NOISE_BURST ? 6.0 : 1.0;
        final double[] values = new double[featureScale.length];
        for (int f = 0; f < values.length; f++) {
            values[f] = level + featureOffset[f] + trend + featureScale[f] * seasonal + noise * noiseScale * random.nextGaussian();
        }
        return values;
    }

    private void start(final long timestamp, final Consumer<LabelledAnomaly> labels) {
        final AnomalyKind[] kinds = AnomalyKind.values();
        anomaly = kinds[random.nextInt(kinds.length)];
        anomalyPointsLeft = switch (anomaly) {
            case SPIKE, DIP -> 1 + random.nextInt(3);
            case LEVEL_SHIFT -> 40 + random.nextInt(81);
            case FLATLINE -> 40 + random.nextInt(61);
            case FREQUENCY_CHANGE -> 60 + random.nextInt(91);
            case NOISE_BURST -> 30 + random.nextInt(51);
        };
        final double sign = random.nextBoolean() ? 1.0 : -1.0;
        anomalyShift = switch (anomaly) {
            case SPIKE -> dailyAmplitude * (1.0 + random.nextDouble());
            case DIP -> -dailyAmplitude * (1.0 + random.nextDouble());
            case LEVEL_SHIFT -> sign * dailyAmplitude * (0.6 + 0.6 * random.nextDouble());
            default -> 0.0;
        };
        labels.accept(new LabelledAnomaly(seriesId, anomaly, timestamp, timestamp + (anomalyPointsLeft - 1) * stepMs));
    }

    private void distort(final double[] values) {
        switch (anomaly) {
            case SPIKE, DIP, LEVEL_SHIFT -> {
                for (int f = 0; f < values.length; f++) {
                    values[f] += anomalyShift * featureScale[f];
                }
            }
            case FLATLINE -> {
                if (frozen == null) {
                    frozen = values.clone();
                }
                System.arraycopy(frozen, 0, values, 0, values.length);
            }
            default -> {
                // frequency change and noise burst are made in normal()
            }
        }
    }
}
