package io.twinstream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

    /** Feeds {@code count} scores level + scale * N(0,1); returns how many were flagged after warm-up. */
    private static int flaggedAmong(final ScoreCalibration calibration, final double level, final double scale, final int count, final long seed) {
        final Random random = new Random(seed);
        RecentScores recent = RecentScores.empty();
        int flagged = 0;
        for (int i = 0; i < count; i++) {
            final ScoreCalibration.Result result = calibration.calibrate(recent, level + scale * random.nextGaussian());
            recent = result.recent();
            flagged += result.flagged() ? 1 : 0;
        }
        return flagged;
    }

    @Test
    void shouldFlagTheSameShareOfNormalWindowsWhateverTheSeriesScale() {
        final ScoreCalibration calibration = new ScoreCalibration(0.01, 400, 50);
        final int quiet = flaggedAmong(calibration, 0.7, 0.01, 20_000, 1);
        final int loud = flaggedAmong(calibration, 40.0, 15.0, 20_000, 2);
        // 1% of 20,000 is 200; both series land near it although their raw scores differ by three orders of magnitude
        assertTrue(quiet > 120 && quiet < 300, "quiet series flagged " + quiet);
        assertTrue(loud > 120 && loud < 300, "loud series flagged " + loud);
        assertEquals(2.326, calibration.thresholdZ(), 0.001);
    }

    @Test
    void shouldFlagAScoreFarAboveTheSeriesOwnHistory() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20);
        final Random random = new Random(3);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 100; i++) {
            recent = calibration.calibrate(recent, 5 + random.nextGaussian()).recent();
        }
        final ScoreCalibration.Result spike = calibration.calibrate(recent, 12);
        assertTrue(spike.flagged());
        assertTrue(spike.calibratedScore() > 0.999);
        assertFalse(calibration.calibrate(recent, 5.5).flagged());
        assertEquals(101, spike.recent().size());
    }

    @Test
    void shouldNeverFlagWhileWarmingUp() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 20; i++) {
            final ScoreCalibration.Result result = calibration.calibrate(recent, i == 19 ? 1e9 : 1.0);
            assertTrue(result.warmingUp());
            assertFalse(result.flagged());
            recent = result.recent();
        }
        assertFalse(calibration.calibrate(recent, 1.0).warmingUp());
    }

    @Test
    void shouldKeepOnlyTheNewestScores() {
        final ScoreCalibration calibration = new ScoreCalibration(0.01, 5, 3);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 8; i++) {
            recent = calibration.calibrate(recent, i).recent();
        }
        assertEquals(RecentScores.of(new double[] {3, 4, 5, 6, 7}), recent);
    }

    @Test
    void shouldRefuseSettingsThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0, 100, 10));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 200));
    }

    @Test
    void shouldInvertTheNormalDistribution() {
        assertEquals(0.5, NormalDistribution.cdf(0), 1e-7);
        assertEquals(0.97725, NormalDistribution.cdf(2), 1e-5);
        assertEquals(3.0902, NormalDistribution.inverseCdf(0.999), 1e-3);
        assertEquals(-1.6449, NormalDistribution.inverseCdf(0.05), 1e-3);
    }
}
