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
        final ScoreCalibration calibration = new ScoreCalibration(0.01, 400, 50, 0, 0);
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
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20, 0, 0);
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
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20, 0, 0);
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
    void shouldMeasureSeverityAgainstTheMedianOfTheScoresThatCalibrate() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20, 0, 0);
        RecentScores quiet = RecentScores.empty();
        RecentScores swinging = RecentScores.empty();
        for (int i = 0; i < 101; i++) {
            quiet = quiet.with(10 + 0.01 * (i - 50), 200); // 9.5 to 10.5, median 10
            swinging = swinging.with(Math.exp(0.04 * (i - 50)), 200); // e^-2 to e^2, median 1
        }
        final ScoreCalibration.Result nearlyUsual = calibration.calibrate(quiet, 11);
        final ScoreCalibration.Result farOut = calibration.calibrate(swinging, 11);
        assertTrue(nearlyUsual.flagged(), "calibrated " + nearlyUsual.calibratedScore());
        assertEquals(1.1, nearlyUsual.severity(), 1e-9);
        assertEquals(11, farOut.severity(), 1e-9);
        assertTrue(farOut.calibratedScore() < nearlyUsual.calibratedScore(), "the swinging series' tail is wider, its score rarer on the quiet one");
        assertEquals(0, calibration.calibrate(RecentScores.empty(), 11).severity(), "not measured while warming up");
    }

    @Test
    void shouldNeverFlagWhileWarmingUp() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20, 0, 0);
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
    void shouldFlagOnlyAFarDepartureWhileWarmingUpAndAddEveryScoreToTheHistory() {
        // early judging from 20 scores, at three times their median; the tail is fitted from 100
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 100, 0, 0, 1.0, 0, 20, 3.0);
        final Random random = new Random(5);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 19; i++) {
            recent = calibration.calibrate(recent, 2 + 0.2 * random.nextGaussian()).recent();
        }
        final ScoreCalibration.Result tooFew = calibration.calibrate(recent, 100);
        assertTrue(tooFew.warmingUp(), "19 scores are too few to judge even a score fifty times their median");
        assertFalse(tooFew.flagged());
        recent = calibration.calibrate(recent, 2.1).recent();

        // a rise the series' swings never reach: the first windows of it not yet three times the median are let through,
        // the rest are flagged; all join the scores, as any score does while warming up
        int flagged = 0;
        for (final double rise : new double[] {2.4, 3.1, 4.5, 6.9, 7.2, 6.8, 6.5}) {
            final ScoreCalibration.Result result = calibration.calibrate(recent, rise);
            assertEquals(rise > 6, result.flagged(), "score " + rise + " against a median of about 2");
            assertEquals(!result.flagged(), result.warmingUp());
            assertEquals(recent.size() + 1, result.recent().size());
            if (result.flagged()) {
                assertTrue(result.severity() >= 3.0, "severity " + result.severity());
                assertTrue(result.calibratedScore() > 0.9, "a score three times any of the few behind it is in their tail");
            }
            flagged += result.flagged() ? 1 : 0;
            recent = result.recent();
        }
        assertEquals(4, flagged);

        // the same scores with early judging off: nothing flagged until 100 scores
        final ScoreCalibration off = new ScoreCalibration(0.001, 200, 100, 0, 0);
        assertFalse(off.calibrate(recent, 50).flagged());
        assertTrue(off.calibrate(recent, 50).warmingUp());
    }

    @Test
    void shouldKeepALaggingAnomalysScoresFromCalibratingItsOwnLaterWindows() {
        final int lag = 40;
        final ScoreCalibration lagging = new ScoreCalibration(0.001, 200, 20, 0, lag);
        final ScoreCalibration immediate = new ScoreCalibration(0.001, 200, 20, 0, 0);
        final Random random = new Random(12);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 400; i++) {
            recent = lagging.calibrate(recent, 1 + 0.05 * random.nextGaussian()).recent();
        }
        assertEquals(200 + lag, recent.size(), "the history and the lag's scores are kept");
        // an anomaly's first 30 windows went in unflagged (say, while the series warmed up on a new model), scoring 3
        for (int i = 0; i < 30; i++) {
            recent = recent.with(3 + 0.05 * random.nextGaussian(), 200 + lag);
        }
        // its next window: against the scores before the anomaly it stands out; against its own earlier windows it does not
        assertTrue(lagging.calibrate(recent, 3.2).flagged());
        assertFalse(immediate.calibrate(recent, 3.2).flagged());
        assertFalse(lagging.calibrate(recent, 1.05).flagged());
        // a short history: the oldest min-history scores calibrate, though some are newer than the lag
        final ScoreCalibration shortHistory = new ScoreCalibration(0.001, 200, 20, 0, 50);
        RecentScores few = RecentScores.empty();
        for (int i = 0; i < 20; i++) {
            few = few.with(1 + 0.05 * random.nextGaussian(), 250);
        }
        for (int i = 0; i < 10; i++) {
            few = few.with(100, 250);
        }
        assertTrue(shortHistory.calibrate(few, 100).flagged(), "the oldest 20 calibrate, not the newest");
        assertFalse(immediate.calibrate(few, 100).flagged());
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 10, 0, -1));
    }

    /** {@code count} normal scores about 1, calibrated one by one. */
    private static RecentScores normalScores(final ScoreCalibration calibration, final int count, final Random random) {
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < count; i++) {
            recent = calibration.calibrate(recent, 1 + 0.05 * random.nextGaussian()).recent();
        }
        return recent;
    }

    @Test
    void shouldLetARunOfUnusualScoresWaitUntilItEndsBeforeItCalibrates() {
        // lag 5; a run of scores calibrating at 0.95 or more waits up to 60
        final ScoreCalibration waiting = new ScoreCalibration(0.001, 200, 20, 0, 5, 0.95, 60, 20, 0);
        final ScoreCalibration lagOnly = new ScoreCalibration(0.001, 200, 20, 0, 5);
        final RecentScores normal = normalScores(waiting, 400, new Random(21));

        // the run is counted as it comes: an unusual score (two spreads above normal) joins it, a normal one ends it
        final ScoreCalibration.Result unusual = waiting.calibrate(normal.with(1.0, 205), 1.1);
        assertTrue(unusual.calibratedScore() >= 0.95 && !unusual.flagged(), "calibrated " + unusual.calibratedScore());
        assertEquals(1, unusual.recent().waiting());
        final ScoreCalibration.Result again = waiting.calibrate(unusual.recent(), 1.1);
        assertEquals(2, again.recent().waiting());
        final ScoreCalibration.Result flagged = waiting.calibrate(again.recent(), 5);
        assertTrue(flagged.flagged());
        assertEquals(again.recent(), flagged.recent(), "a flagged score stays out, the run waiting still");
        assertEquals(0, waiting.calibrate(flagged.recent(), 1.0).recent().waiting(), "a normal score ends the run");

        // an anomaly whose first 40 windows scored 3, unusual but (say, on a model that had just taken over) not flagged
        RecentScores run = normal;
        final Random random = new Random(22);
        for (int i = 0; i < 40; i++) {
            run = run.with(3 + 0.05 * random.nextGaussian(), 205, true);
        }
        assertEquals(40, run.waiting());
        assertTrue(waiting.calibrate(run, 3.2).flagged(), "judged against the scores before the run, its next window stands out");
        assertFalse(lagOnly.calibrate(run, 3.2).flagged(), "with the run's older scores among them it does not");
        // once the run has ended, its scores calibrate like any others: a normal excursion widens the tail as it should
        final RecentScores ended = run.with(1.0, 205, false);
        assertFalse(waiting.calibrate(ended, 3.2).flagged());
        // a run longer than the most that waits: its oldest scores calibrate
        RecentScores longRun = normal;
        for (int i = 0; i < 100; i++) {
            longRun = longRun.with(3 + 0.05 * random.nextGaussian(), 205, true);
        }
        assertFalse(waiting.calibrate(longRun, 3.2).flagged(), "40 of the run's scores are past the 60 that wait");
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 10, 0, 0, 1.5, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 10, 0, 0, 0.95, -1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> RecentScores.of(new double[] {1, 2}, 3));
    }

    @Test
    void shouldKeepOnlyTheNewestScores() {
        final ScoreCalibration calibration = new ScoreCalibration(0.01, 12, 10, 0, 0);
        RecentScores recent = RecentScores.empty();
        for (int i = 0; i < 15; i++) {
            recent = calibration.calibrate(recent, i).recent();
        }
        assertEquals(RecentScores.of(new double[] {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}), recent);
    }

    @Test
    void shouldRefuseSettingsThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0, 100, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 200, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 10, 101, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 10, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 50, 0, 0, 1.0, 0, 9, 2.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 50, 0, 0, 1.0, 0, 51, 2.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 50, 0, 0, 1.0, 0, 20, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(0.01, 100, 50, 0, 0, 1.0, 0, 20, -1));
    }

    /** A series judged by model 1 on {@code count} normal scores about 1. */
    private static SeriesCalibration warmOnModelOne(final ScoreCalibration calibration, final int count) {
        final Random random = new Random(9);
        SeriesCalibration series = SeriesCalibration.NONE;
        for (int i = 0; i < count; i++) {
            series = calibration.judge(series, 1, 1 + 0.1 * random.nextGaussian(), -1, Double.NaN, false, RecentScores.empty(), null).series();
        }
        return series;
    }

    @Test
    void shouldKeepJudgingByThePreviousModelUntilTheNewOneHasCalibrated() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 200, 20, 30, 0);
        SeriesCalibration series = warmOnModelOne(calibration, 100);
        assertTrue(calibration.judgedByPrevious(series, 2, 1));
        // model 2's scores are a hundred times model 1's: were they judged against model 1's history, all would be flagged
        final Random random = new Random(10);
        for (int i = 0; i < 29; i++) {
            final ScoreCalibration.Judgement judgement = calibration.judge(series, 2, 100 + 10 * random.nextGaussian(), 1,
                    1 + 0.1 * random.nextGaussian(), false, RecentScores.empty(), null);
            assertEquals(1, judgement.modelVersion());
            assertFalse(judgement.verdict().warmingUp());
            assertFalse(judgement.verdict().flagged());
            series = judgement.series();
            assertEquals(2, series.nextVersion());
            assertEquals(i + 1, series.next().size());
        }
        // an anomaly while handing over is judged by model 1 and kept out of model 2's calibration
        final ScoreCalibration.Judgement anomaly = calibration.judge(series, 2, 500, 1, 5, false, RecentScores.empty(), null);
        assertTrue(anomaly.verdict().flagged());
        assertEquals(1, anomaly.modelVersion());
        assertEquals(29, anomaly.series().next().size());
        // the 30th normal score hands over: model 2 judges from then on, calibrated on its own 30 scores
        final ScoreCalibration.Judgement handover = calibration.judge(anomaly.series(), 2, 100, 1, 1, false, RecentScores.empty(), null);
        assertEquals(ScoreCalibration.ModelChange.HANDED_OVER, handover.change());
        assertEquals(ScoreCalibration.ModelChange.NONE, anomaly.change());
        series = handover.series();
        assertEquals(2, series.modelVersion());
        assertEquals(30, series.recent().size());
        assertEquals(-1, series.nextVersion());
        assertFalse(calibration.judgedByPrevious(series, 2, 1));
        final ScoreCalibration.Judgement after = calibration.judge(series, 2, 101, 1, Double.NaN, false, RecentScores.empty(), null);
        assertEquals(2, after.modelVersion());
        assertFalse(after.verdict().warmingUp());
        assertFalse(after.verdict().flagged());
        assertTrue(calibration.judge(series, 2, 500, 1, Double.NaN, false, RecentScores.empty(), null).verdict().flagged());
    }

    @Test
    void shouldWarmUpAfreshWhenThereIsNothingToHandOverFrom() {
        // handover 0: the new model judges at once
        final ScoreCalibration immediate = new ScoreCalibration(0.001, 200, 20, 0, 0);
        final SeriesCalibration warm = warmOnModelOne(immediate, 100);
        assertFalse(immediate.judgedByPrevious(warm, 2, 1));
        final ScoreCalibration.Judgement first = immediate.judge(warm, 2, 100, 1, Double.NaN, false, RecentScores.empty(), null);
        assertEquals(2, first.modelVersion());
        assertTrue(first.verdict().warmingUp());
        assertEquals(1, first.series().recent().size());
        // the previous model had not calibrated yet, or is older than the one before the current: warming up again
        final ScoreCalibration handing = new ScoreCalibration(0.001, 200, 20, 30, 0);
        final SeriesCalibration cold = warmOnModelOne(handing, 10);
        assertFalse(handing.judgedByPrevious(cold, 2, 1));
        assertTrue(handing.judge(cold, 2, 100, 1, 1, false, RecentScores.empty(), null).verdict().warmingUp());
        final SeriesCalibration old = warmOnModelOne(handing, 100);
        assertFalse(handing.judgedByPrevious(old, 3, 2));
        final ScoreCalibration.Judgement skipped = handing.judge(old, 3, 100, 2, 1, false, RecentScores.empty(), null);
        assertEquals(3, skipped.modelVersion());
        assertEquals(ScoreCalibration.ModelChange.WARMED_UP_AGAIN, skipped.change());
        assertTrue(skipped.verdict().warmingUp());
        // a window cut while the series settles calibrates neither model
        final ScoreCalibration.Judgement settling = handing.judge(warmOnModelOne(handing, 100), 2, 100, 1, 1, true, RecentScores.empty(), null);
        assertEquals(1, settling.modelVersion());
        assertFalse(settling.verdict().flagged());
        assertEquals(0, settling.series().next().size());
        assertEquals(100, settling.series().recent().size());
    }

    @Test
    void shouldCarryTheScoresOfAModelThatNoLongerJudgesOverRatherThanWarmUpAgain() {
        final ScoreCalibration handing = new ScoreCalibration(0.001, 200, 20, 30, 0);
        // model 3 scores windows a hundred times as high as model 1 did; its map from model 1 says so
        final double[] modelOne = new double[100];
        final Random random = new Random(12);
        for (int i = 0; i < modelOne.length; i++) {
            modelOne[i] = 1 + 0.1 * random.nextGaussian();
        }
        final ScoreMap oneToThree = ScoreMap.fit(modelOne, java.util.Arrays.stream(modelOne).map(score -> 100 * score).toArray());
        // calibrated on model 1, its handover to model 2 unfinished when model 3 comes: judged by model 3 at once
        final SeriesCalibration old = warmOnModelOne(handing, 100);
        assertFalse(handing.judgedByPrevious(old, 3, 2));
        final ScoreCalibration.Judgement carried = handing.judge(old, 3, 100, 2, 1, false, RecentScores.empty(), oneToThree);
        assertEquals(3, carried.modelVersion());
        assertEquals(ScoreCalibration.ModelChange.CARRIED_OVER, carried.change());
        assertFalse(carried.verdict().warmingUp());
        assertFalse(carried.verdict().flagged());
        // its newest 20 (min history) scores carried over, then the new one
        assertEquals(21, carried.series().recent().size());
        assertEquals(100 * old.recent().values()[80], carried.series().recent().values()[0], 1e-6);
        assertEquals(100, carried.series().recent().values()[20]);
        assertTrue(handing.judge(carried.series(), 3, 500, 2, Double.NaN, false, RecentScores.empty(), oneToThree).verdict().flagged());
        // the held-back scores of the new model come first, the carried ones after them (newest)
        final ScoreCalibration.Judgement withStart = handing.judge(old, 3, 100, 2, 1, false, RecentScores.of(new double[] {7, 8}), oneToThree);
        assertEquals(23, withStart.series().recent().size());
        assertEquals(7, withStart.series().recent().values()[0]);
        // still warming up on model 1 when model 2 comes: its 10 scores carried over, 10 more needed, not 20
        final SeriesCalibration cold = warmOnModelOne(handing, 10);
        final ScoreCalibration.Judgement warming = handing.judge(cold, 2, 100, 1, 1, false, RecentScores.empty(), oneToThree);
        assertEquals(2, warming.modelVersion());
        assertTrue(warming.verdict().warmingUp());
        assertEquals(11, warming.series().recent().size());
        // a series judged by the model before the current one is handed over as ever: the map is not used
        final ScoreCalibration.Judgement handedOver = handing.judge(old, 2, 100, 1, 1, false, RecentScores.empty(), oneToThree);
        assertEquals(1, handedOver.modelVersion());
        assertEquals(ScoreCalibration.ModelChange.NONE, handedOver.change());
        assertEquals(100, handedOver.series().recent().size() - 1);
    }

    @Test
    void shouldStartFromTheModelsScoresOfHeldBackWindows() {
        final ScoreCalibration calibration = new ScoreCalibration(0.001, 100, 20, 30, 0);
        final Random random = new Random(11);
        final double[] heldBack = new double[15];
        for (int i = 0; i < heldBack.length; i++) {
            heldBack[i] = 10 + random.nextGaussian();
        }
        final RecentScores start = RecentScores.of(heldBack);
        // the first model: 15 held-back scores and 5 of the series' own make the 20 needed to judge
        SeriesCalibration series = SeriesCalibration.NONE;
        for (int i = 0; i < 5; i++) {
            final ScoreCalibration.Judgement judgement = calibration.judge(series, 1, 10 + random.nextGaussian(), -1, Double.NaN, false, start, null);
            assertTrue(judgement.verdict().warmingUp());
            series = judgement.series();
        }
        assertEquals(20, series.recent().size());
        assertEquals(heldBack[0], series.recent().values()[0]);
        final ScoreCalibration.Judgement judged = calibration.judge(series, 1, 10 + random.nextGaussian(), -1, Double.NaN, false, start, null);
        assertFalse(judged.verdict().warmingUp());
        assertTrue(calibration.judge(series, 1, 1000, -1, Double.NaN, false, start, null).verdict().flagged());
        // without them, the same five scores leave the series warming up
        SeriesCalibration unseeded = SeriesCalibration.NONE;
        for (int i = 0; i < 6; i++) {
            final ScoreCalibration.Judgement judgement = calibration.judge(unseeded, 1, 10, -1, Double.NaN, false, RecentScores.empty(), null);
            assertTrue(judgement.verdict().warmingUp());
            unseeded = judgement.series();
        }
        // a newer model's held-back scores count towards its handover: 25 of them and 5 of the series' own make 30
        final double[] newer = new double[25];
        java.util.Arrays.fill(newer, 50);
        series = judged.series();
        for (int i = 0; i < 4; i++) {
            final ScoreCalibration.Judgement judgement = calibration.judge(series, 2, 50, 1, 10, false, RecentScores.of(newer), null);
            assertEquals(1, judgement.modelVersion());
            series = judgement.series();
        }
        assertEquals(29, series.next().size());
        final ScoreCalibration.Judgement last = calibration.judge(series, 2, 50, 1, 10, false, RecentScores.of(newer), null);
        assertEquals(1, last.modelVersion());
        assertEquals(2, last.series().modelVersion());
        assertEquals(30, last.series().recent().size());
        // more held-back scores than the history holds: the newest of them
        final ScoreCalibration small = new ScoreCalibration(0.001, 20, 20, 0, 0);
        final double[] many = new double[30];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        final SeriesCalibration capped = small.judge(SeriesCalibration.NONE, 1, 5, -1, Double.NaN, false, RecentScores.of(many), null).series();
        assertEquals(20, capped.recent().size());
        assertEquals(11.0, capped.recent().values()[0]);
    }
}
