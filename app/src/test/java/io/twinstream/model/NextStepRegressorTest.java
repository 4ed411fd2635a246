package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NextStepRegressorTest {

    private static final int LENGTH = 16;

    /**
     * Two features in [0, 1]: a slow sine with a random phase, and the last feature following the first one step
     * later ({@code lag} 1), so the first feature at step t tells the last one at t + 1; {@code lag} 0 breaks that link.
     */
    private static List<double[]> sequences(final int count, final int lag, final Random random) {
        final List<double[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final double phase = random.nextDouble() * 2 * Math.PI;
            final double[] sequence = new double[LENGTH * 2];
            for (int t = 0; t < LENGTH; t++) {
                sequence[2 * t] = 0.5 + 0.4 * Math.sin(phase + 0.5 * t);
                sequence[2 * t + 1] = 0.5 + 0.4 * Math.sin(phase + 0.5 * (t - lag) + (lag == 0 ? Math.PI / 2 : 0));
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    @Test
    void shouldPredictTheLastFeatureWellWhereTheDataCarriesItsDynamics() {
        final Random random = new Random(1);
        final NextStepRegressor regressor = new NextStepRegressor(LENGTH, 2, 4, 0.01, 2);
        regressor.train(sequences(500, 1, random), 600, 64, random);

        final double error = regressor.meanAbsoluteError(sequences(300, 1, random));
        final double errorOnOtherDynamics = regressor.meanAbsoluteError(sequences(300, 0, random));

        // predicting 0.5 everywhere errs by about 0.25 on these values
        assertTrue(error < 0.06, "error " + error);
        assertTrue(errorOnOtherDynamics > 2 * error, "error " + error + " on other dynamics " + errorOnOtherDynamics);
    }

    @Test
    void shouldUseTheOnlyFeatureAsItsOwnInput() {
        final Random random = new Random(3);
        final List<double[]> single = new ArrayList<>();
        for (final double[] sequence : sequences(400, 1, random)) {
            final double[] first = new double[LENGTH];
            for (int t = 0; t < LENGTH; t++) {
                first[t] = sequence[2 * t];
            }
            single.add(first);
        }
        final NextStepRegressor regressor = new NextStepRegressor(LENGTH, 1, 4, 0.01, 4);
        regressor.train(single, 600, 64, random);

        final double error = regressor.meanAbsoluteError(single);

        assertTrue(error < 0.08, "error " + error);
        assertThrows(IllegalArgumentException.class, () -> regressor.meanAbsoluteError(List.of(new double[LENGTH * 2])));
        assertThrows(IllegalArgumentException.class, () -> new NextStepRegressor(1, 1, 4, 0.01, 4));
    }
}
