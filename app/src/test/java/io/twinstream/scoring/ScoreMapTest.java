package io.twinstream.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreMapTest {

    /** Scores about 1 with a heavy upper tail, as a model's scores of normal windows are. */
    private static double[] scores(final int n, final long seed) {
        final Random random = new Random(seed);
        final double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.exp(0.3 * random.nextGaussian());
        }
        return scores;
    }

    @Test
    void shouldCarryScoresOverToAModelThatScoresTheSameWindowsThreeTimesHigher() {
        final double[] first = scores(200, 1);
        final double[] second = Arrays.stream(first).map(score -> 3 * score).toArray();
        final ScoreMap map = ScoreMap.fit(first, second);
        for (final double score : first) {
            assertEquals(3 * score, map.apply(score), 1e-9 * score);
        }
        // beyond the scores it was fitted on, the ratio at the outermost knots is kept
        assertEquals(3 * 50, map.apply(50), 1e-9);
        assertEquals(3 * 0.01, map.apply(0.01), 1e-12);
        assertTrue(map.from().length <= ScoreMap.MAX_KNOTS);
    }

    @Test
    void shouldMapQuantileToQuantileWhateverTheWindowsOrder() {
        // the second model ranks windows differently; a score at the first model's median maps to the second's median
        final double[] first = scores(201, 2);
        final double[] second = scores(201, 3);
        final ScoreMap map = ScoreMap.fit(first, second);
        final double[] firstSorted = first.clone();
        final double[] secondSorted = second.clone();
        Arrays.sort(firstSorted);
        Arrays.sort(secondSorted);
        assertEquals(secondSorted[100], map.apply(firstSorted[100]), 1e-9);
        assertEquals(secondSorted[200], map.apply(firstSorted[200]), 1e-9);
        assertEquals(secondSorted[0], map.apply(firstSorted[0]), 1e-9);
        // monotone: a higher score never maps lower
        double last = 0;
        for (double score = 0.05; score < 20; score *= 1.01) {
            final double mapped = map.apply(score);
            assertTrue(mapped >= last, score + " maps to " + mapped + ", below " + last);
            last = mapped;
        }
    }

    @Test
    void shouldComposeAsApplyingOneMapThenTheNext() {
        final ScoreMap oneToTwo = ScoreMap.fit(scores(100, 4), scores(100, 5));
        final ScoreMap twoToThree = ScoreMap.fit(scores(150, 6), Arrays.stream(scores(150, 7)).map(score -> 10 * score).toArray());
        final ScoreMap oneToThree = oneToTwo.then(twoToThree);
        // exact at the first map's knots, linear in the logarithms between them
        for (final double knot : oneToTwo.from()) {
            final double score = Math.exp(knot);
            assertEquals(twoToThree.apply(oneToTwo.apply(score)), oneToThree.apply(score), 1e-9 * oneToThree.apply(score));
        }
        double worst = 0;
        for (final double score : scores(300, 8)) {
            worst = Math.max(worst, Math.abs(Math.log(oneToThree.apply(score) / twoToThree.apply(oneToTwo.apply(score)))));
        }
        // the second map bends between the first one's knots, the composed one does not: within 5% (4% measured here)
        assertTrue(worst < 0.05, "composed and applied in turn differ by a factor of up to exp(" + worst + ")");
    }

    @Test
    void shouldCarryRecentScoresOverKeepingTheirOrderAndTheRunWaiting() {
        final ScoreMap map = ScoreMap.fit(scores(50, 9), Arrays.stream(scores(50, 9)).map(score -> 2 * score).toArray());
        final RecentScores carried = map.apply(RecentScores.of(new double[] {1, 3, 2}, 2));
        assertArrayEquals(new double[] {2, 6, 4}, carried.values(), 1e-9);
        assertEquals(2, carried.waiting());
    }

    @Test
    void shouldRebuildFromItsKnotsAndRefuseKnotsThatAreNotAMap() {
        final ScoreMap map = ScoreMap.fit(scores(80, 10), scores(80, 11));
        final ScoreMap rebuilt = ScoreMap.of(map.from(), map.to());
        assertArrayEquals(map.from(), rebuilt.from());
        assertArrayEquals(map.to(), rebuilt.to());
        // tied knots (a model that scores many windows the same) become one, at their mean
        final ScoreMap tied = ScoreMap.of(new double[] {0, 0, 1}, new double[] {1, 3, 4});
        assertArrayEquals(new double[] {0, 1}, tied.from());
        assertArrayEquals(new double[] {2, 4}, tied.to());
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.of(new double[] {1, 0}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.of(new double[] {0, 1}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.of(new double[] {0, Double.NaN}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.of(new double[] {0}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.fit(scores(20, 1), scores(21, 1)));
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.fit(scores(9, 1), scores(9, 1)));
        final double[] negative = scores(20, 1);
        negative[3] = -1;
        assertThrows(IllegalArgumentException.class, () -> ScoreMap.fit(negative, scores(20, 1)));
    }
}
