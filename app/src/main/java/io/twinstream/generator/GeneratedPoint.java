package io.twinstream.generator;

/**
 * One generated observation.
 *
 * @param seriesId series it belongs to
 * @param timestamp event time, ms since the epoch
 * @param values feature values in the series' units
 * @param anomaly the kind of anomaly injected at this point, or null for a normal point
 */
public record GeneratedPoint(String seriesId, long timestamp, double[] values, AnomalyKind anomaly) {
}
