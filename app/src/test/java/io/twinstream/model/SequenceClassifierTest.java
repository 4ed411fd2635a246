package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceClassifierTest {

    private static final int LENGTH = 12;
    private static final int FEATURES = 2;

    /** Smooth rises from a random level, or (when {@code jagged}) the same with every other step pushed up. */
    private static List<double[]> sequences(final int count, final boolean jagged, final Random random) {
        final List<double[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final double[] sequence = new double[LENGTH * FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                final double level = 0.2 + 0.4 * random.nextDouble();
                for (int t = 0; t < LENGTH; t++) {
                    sequence[t * FEATURES + f] = level + 0.02 * t + (jagged && t % 2 == 1 ? 0.15 : 0);
                }
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    @Test
    void shouldTellTwoDifferentSetsApartOnSequencesItDidNotSee() {
        final Random random = new Random(1);
        final SequenceClassifier classifier = new SequenceClassifier(LENGTH, FEATURES, 4, 0.01, 2);
        classifier.train(sequences(400, false, random), sequences(400, true, random), 1_000, 32, random);

        final double accuracy = classifier.accuracy(sequences(200, false, random), sequences(200, true, random));

        assertTrue(accuracy > 0.95, "accuracy " + accuracy);
    }

    @Test
    void shouldNotTellTwoSamplesOfOneSetApart() {
        final Random random = new Random(3);
        final SequenceClassifier classifier = new SequenceClassifier(LENGTH, FEATURES, 4, 0.01, 4);
        classifier.train(sequences(400, false, random), sequences(400, false, random), 300, 32, random);

        final double accuracy = classifier.accuracy(sequences(500, false, random), sequences(500, false, random));

        assertTrue(Math.abs(accuracy - 0.5) < 0.1, "accuracy " + accuracy);
    }

    @Test
    void shouldGiveAProbabilityPerSequenceAndRefuseWrongShapes() {
        final SequenceClassifier classifier = new SequenceClassifier(LENGTH, FEATURES, 3, 0.01, 5);
        final double[] probabilities = classifier.probabilities(sequences(7, false, new Random(6)));

        assertEquals(7, probabilities.length);
        for (final double p : probabilities) {
            assertTrue(p > 0 && p < 1, "probability " + p);
        }
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classifier.probabilities(List.of(new double[LENGTH])));
        assertTrue(error.getMessage().contains("12 steps x 2 features"), error.getMessage());
    }
}
