package io.twinstream.window;

import io.twinstream.avro.Window;

/**
 * Chooses which windows also go to the trainer. The choice is a hash of series id and window sequence, not a random
 * draw, so replaying the same input (after a failure, under exactly-once) picks the same windows.
 */
public final class TrainingSampler {

    private final double rate;

    /** @param rate fraction of windows chosen, from 0 to 1 */
    public TrainingSampler(final double rate) {
        this.rate = rate;
    }

    public boolean chosen(final Window window) {
        if (rate >= 1.0) {
            return true;
        }
        long h = window.getSeriesId().hashCode() * 0x9E3779B97F4A7C15L + window.getSequence();
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        final double uniform = (h >>> 11) * 0x1.0p-53;
        return uniform < rate;
    }
}
