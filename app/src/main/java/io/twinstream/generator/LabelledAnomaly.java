package io.twinstream.generator;

/**
 * One injected anomaly: the ground truth for evaluation.
 *
 * @param seriesId series it was injected into
 * @param kind what was done
 * @param startTime timestamp of its first point, ms since the epoch
 * @param endTime timestamp of its last point, ms since the epoch (inclusive)
 */
public record LabelledAnomaly(String seriesId, AnomalyKind kind, long startTime, long endTime) {

    /** Whether {@code timestamp} lies inside the anomaly. */
    public boolean covers(final long timestamp) {
        return timestamp >= startTime && timestamp <= endTime;
    }
}
