package io.twinstream.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Generates points for many series in turn (one point of each series, then the next of each), with labelled
 * anomalies. Same settings and seed, same points and labels. Not thread-safe.
 */
public final class PointGenerator {

    /** Event time of every series' first point: a Monday, midnight UTC. */
    public static final long START_TIME = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    /** Anomalies start only after this much event time of a series, so detectors can warm up. */
    public static final long WARMUP_MS = 2 * 86_400_000L;

    private final List<SeriesSimulator> series = new ArrayList<>();
    private final List<LabelledAnomaly> labels = new ArrayList<>();
    private final double anomalyRate;
    private final long warmupPoints;
    private int turn;

    /**
     * @param seriesCount number of series
     * @param features values per point
     * @param stepMs event time between a series' points, ms
     * @param anomalyRate chance per point that an anomaly starts (after warm-up, when none is running)
     * @param seed random seed
     */
    public PointGenerator(final int seriesCount, final int features, final long stepMs, final double anomalyRate, final long seed) {
        for (int i = 0; i < seriesCount; i++) {
            series.add(new SeriesSimulator(String.format("series-%03d", i), seed * 1_000_003L + i, features, START_TIME, stepMs));
        }
        this.anomalyRate = anomalyRate;
        this.warmupPoints = WARMUP_MS / stepMs;
    }

    /** The next point, taking the series in turn. */
    public GeneratedPoint next() {
        final SeriesSimulator simulator = series.get(turn);
        turn = (turn + 1) % series.size();
        return simulator.next(anomalyRate, warmupPoints, labels::add);
    }

    /** Every anomaly started so far, with its full extent, in the order they started. */
    public List<LabelledAnomaly> labels() {
        return Collections.unmodifiableList(labels);
    }
}
