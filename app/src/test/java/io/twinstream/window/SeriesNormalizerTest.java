package io.twinstream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesNormalizerTest {

    @Test
    void shouldMatchExactMeanAndDeviationWithinHorizon() {
        final SeriesNormalizer normalizer = SeriesNormalizer.fresh(10_000, 1);
        final Random random = new Random(7);
        final double[] xs = new double[5_000];
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 50 + 4 * random.nextGaussian();
            sum += xs[i];
            normalizer.update(new double[] {xs[i]});
        }
        final double mean = sum / xs.length;
        double squares = 0;
        for (final double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        assertEquals(mean, normalizer.mean()[0], 1e-9);
        assertEquals(Math.sqrt(squares / xs.length), normalizer.std(0), 1e-9);
    }

    @Test
    void shouldForgetOldValuesBeyondHorizon() {
        final SeriesNormalizer normalizer = SeriesNormalizer.fresh(100, 1);
        for (int i = 0; i < 2_000; i++) {
            normalizer.update(new double[] {i < 1_000 ? 0.0 : 10.0});
        }
        assertEquals(10.0, normalizer.mean()[0], 1e-3);
    }

    @Test
    void shouldNormaliseConstantSeriesToZero() {
        final SeriesNormalizer normalizer = SeriesNormalizer.fresh(100, 1);
        for (int i = 0; i < 10; i++) {
            normalizer.update(new double[] {3.0});
        }
        assertEquals(0.0, normalizer.normalize(0, 3.0), 0.0);
    }
}
