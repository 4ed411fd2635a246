package io.twinstream.config;

import java.util.List;

/**
 * The service's topic names, each the default name behind one shared prefix.
 *
 * @param points input data points
 * @param anomalies flagged windows
 * @param scores every scored window
 * @param synthetic generated sequences
 * @param trainingWindows sampled real windows for the trainer
 * @param models model snapshots (compacted)
 * @param deadLetters records that could not be read or were invalid
 */
public record TopicNames(String points, String anomalies, String scores, String synthetic, String trainingWindows,
                         String models, String deadLetters) {

    /** The topic names behind {@code prefix} (which may be empty). */
    public static TopicNames withPrefix(final String prefix) {
        return new TopicNames(prefix + "points", prefix + "anomalies", prefix + "scores", prefix + "synthetic",
                prefix + "training-windows", prefix + "models", prefix + "dead-letters");
    }

    /** Every topic, in a fixed order. */
    public List<String> all() {
        return List.of(points, anomalies, scores, synthetic, trainingWindows, models, deadLetters);
    }
}
