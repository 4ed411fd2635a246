package io.twinstream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

    /**
     * Feeds {@code count} scores shaped like the model's (a squared distance: level + scale * chi-square with 8 degrees
     * of freedom / 8); returns how many were flagged after warm-up.
     */
    private static int flaggedAmong(final ScoreCalibration calibration, final double level, final double scale, final int count, final long seed) {
        final Random random = new Random(seed);
        RecentScores recent = RecentScores.empty();
        int flagged = 0;
        for (int i = 0; i < count; i++) {
            double squares = 0;
            for (int k = 0; k < 8; k++) {
                final double z = random.nextGaussian();
                squares += z * z;
            }
            final ScoreCalibration.Result result = calibration.calibrate(recent, level + scale * squares / 8);
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
        // 1% of 20,000 is 200; both series land near it, and near each other, although their raw scores differ by three
        // orders of magnitude (above it: flagged scores stay out of the history, which thins the tail it is fitted on)
        assertTrue(quiet > 120 && quiet < 400, "quiet series flagged " + quiet + ", loud " + loud);
        assertTrue(loud > 120 && loud < 400, "loud series flagged " + loud + ", quiet " + quiet);
        assertTrue(Math.abs(quiet - loud) < 0.25 * (quiet + loud) / 2, "quiet " + quiet + ", loud " + loud);
    }

    @Test
    void shouldStillFlagAnAnomalyWhenEarlierOnesAreAmongTheRecentScores() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20);
        final Random random = new Random(4);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 200; i++) {
            // three earlier anomalies, far out, among 200 recent scores
            recent = calibration.calibrate(recent, i % 60 == 59 ? 40 : 1 + 0.1 * random.nextGaussian()).recent();
        }
        assertTrue(calibration.calibrate(recent, 3).flagged());
        assertFalse(calibration.calibrate(recent, 1.2).flagged());
    }

    @Test
    void shouldBeTheEmpiricalShareBelowTheTailAndParetoInIt() {
        // scores whose logarithms are 0, 0.1, ..., 9.9
        final double[] recent = new double[100];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = Math.exp(i / 10.0);
        }
        assertEquals(0.505, ScoreCalibration.probabilityBelow(recent, Math.exp(5.0)), 1e-12);
        // the tail starts at log 8.9 (the top ten lie above it); the log-exceedances 0.1..1.0 have median 0.55, so the
        // scale is 0.55 / ln 2 (above the body's floor, 0.25 (8.9 - 4.95) / ln 5); beyond: 1 - 0.1 exp(-(log x - 8.9) / scale)
        final double scale = 0.55 / Math.log(2);
        assertEquals(1 - 0.1 * Math.exp(-(10 - 8.9) / scale), ScoreCalibration.probabilityBelow(recent, Math.exp(10)), 1e-9);
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
        assertEquals(100, spike.recent().size(), "a flagged score stays out of the history");
        assertEquals(101, calibration.calibrate(recent, 5.5).recent().size());
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
        final ScoreCalibration calibration = new ScoreCalibration(0.01, 12, 10);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 15; i++) {
            recent = calibration.calibrate(recent, i).recent();
        }
        assertEquals(RecentScores.of(new double[] {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}), recent);
    }

    @Test
    void shouldRefuseSettingsThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0, 100, 10));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 200));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 5));
    }
}
