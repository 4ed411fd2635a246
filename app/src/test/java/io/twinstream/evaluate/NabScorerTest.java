package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    /** 100 rows, probation 15, one window over rows 50 to 59; the detector says 1 at the given rows, 0 elsewhere. */
    private static NabScorer.Result detecting(final NabScorer.Profile profile, final int... rows) {
        final double[] scores = new double[100];
        for (final int row : rows) {
            scores[row] = 1.0;
        }
        return NabScorer.score(List.of(new NabScorer.FileScores("f", scores, List.of(new int[] {50, 59}))), profile);
    }

    @Test
    void shouldFollowNabsScaledSigmoidAndProbation() {
        assertEquals(0.98661, NabScorer.scaledSigmoid(-1.0), 1e-5);
        assertEquals(0.84828, NabScorer.scaledSigmoid(-0.5), 1e-5);
        assertEquals(0.0, NabScorer.scaledSigmoid(0.0), 1e-12);
        assertEquals(-1.0, NabScorer.scaledSigmoid(3.5), 1e-12);
        assertEquals(15, NabScorer.probationRows(100));
        assertEquals(750, NabScorer.probationRows(20_000));
    }

    @Test
    void shouldGiveAHundredForTheEarliestDetectionAndNothingForNone() {
        final NabScorer.Result perfect = detecting(NabScorer.Profile.STANDARD, 50);
        assertEquals(1.0, perfect.rawScore(), 1e-9);
        assertEquals(-1.0, perfect.nullScore(), 1e-9, "the constant detector does best by detecting nothing here");
        assertEquals(100.0, perfect.normalised(), 1e-9);
        assertEquals(1, perfect.truePositives());
        assertEquals(0.0, detecting(NabScorer.Profile.STANDARD).normalised(), 1e-9);
    }

    @Test
    void shouldRewardALateDetectionLessAndKeepAFalseAlarmOutByThreshold() {
        // at the window's right edge: scaledSigmoid(-1/10) / scaledSigmoid(-1) = 0.24824
        final NabScorer.Result late = detecting(NabScorer.Profile.STANDARD, 59);
        assertEquals(0.24824, late.rawScore(), 1e-5);
        assertEquals(100 * (0.24824 + 1) / 2, late.normalised(), 1e-3);
        // a lone detection after the window costs fpWeight * scaledSigmoid(11/9); detecting nothing is better
        final NabScorer.Result falseAlarm = detecting(NabScorer.Profile.STANDARD, 70);
        assertEquals(-1.0, falseAlarm.rawScore(), 1e-9);
        // with the window detected too, the false alarm is counted: 1 - 0.11 * (1 - 2 / (1 + e^(5 * 11 / 9)))
        final NabScorer.Result both = detecting(NabScorer.Profile.STANDARD, 50, 70);
        assertEquals(1 + 0.11 * NabScorer.scaledSigmoid(11 / 9.0), both.rawScore(), 1e-9);
        assertEquals(1, both.falsePositives());
        // the low-FN profile charges a missed window twice
        assertEquals(-2.0, detecting(NabScorer.Profile.REWARD_LOW_FN).rawScore(), 1e-9);
    }

    @Test
    void shouldCountAWindowThatEndsInProbationInThePerfectScoreAsNabsRunnerDoes() {
        // windows over rows 5 to 9 (inside the 15 rows of probation) and 50 to 59; the second detected at once
        final double[] scores = new double[100];
        scores[50] = 1.0;
        final NabScorer.Result result = NabScorer.score(List.of(new NabScorer.FileScores("f", scores,
                List.of(new int[] {5, 9}, new int[] {50, 59}))), NabScorer.Profile.STANDARD);
        assertEquals(1.0, result.rawScore(), 1e-9, "the window in probation can be neither found nor missed");
        assertEquals(-1.0, result.nullScore(), 1e-9);
        assertEquals(2.0, result.perfectScore(), 1e-9);
        assertEquals(100 * (1.0 + 1.0) / (2.0 + 1.0), result.normalised(), 1e-9);
    }
}
