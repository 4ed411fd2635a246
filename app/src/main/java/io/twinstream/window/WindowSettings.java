package io.twinstream.window;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;

/**
 * What the window stage needs to know.
 *
 * @param length points per window (L)
 * @param stride points between consecutive windows of a series
 * @param graceMs how far (ms) a point may be older than its series' newest point and still be accepted
 * @param maxGapMs a gap (ms) larger than this starts the series' buffer afresh
 * @param normalizerHorizon points over which the running mean and deviation are taken
 */
public record WindowSettings(int length, int stride, long graceMs, long maxGapMs, int normalizerHorizon) {

    public static WindowSettings from(final TwinstreamConfig config) {
        return new WindowSettings(config.get(Settings.WINDOW_LENGTH), config.get(Settings.WINDOW_STRIDE),
                config.get(Settings.INPUT_GRACE_MS), config.get(Settings.WINDOW_MAX_GAP_MS), config.get(Settings.NORMALIZER_HORIZON));
    }
}
