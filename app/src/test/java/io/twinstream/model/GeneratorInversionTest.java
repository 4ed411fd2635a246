package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratorInversionTest {

    private static final GanConfig CONFIG = new GanConfig(16, 1, 3, 8, 2, 1e-3, 1e-3, 16, 1, 5, 5.0, 0.9);
    /** The same, with a 6-step search and weight 2.5 for the reconstruction term. */
    private static final GanConfig RECONSTRUCTING = new GanConfig(16, 1, 3, 8, 2, 1e-3, 1e-3, 16, 1, 5, 5.0, 0.9, CONFIG.discriminatorView(), 6, 2.5);
    private static final int BATCH = 12;

    private final GeneratorNetwork generator = new GeneratorNetwork(CONFIG, new Random(5));

    /** Windows the generator makes from seeded noise. */
    private float[][] generated(final long seed) {
        return generator.generate(generator.noise(BATCH, new Random(seed)), BATCH);
    }

    private static double mean(final double[] values) {
        double sum = 0;
        for (final double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Test
    void shouldFindTheNoiseOfWindowsTheGeneratorMadeAndNotThatOfOtherShapes() {
        final float[][] made = generated(11);
        final double oneStep = mean(new GeneratorInversion(generator, 1).errors(made, BATCH));
        final double searched = mean(new GeneratorInversion(generator, 60).errors(made, BATCH));
        final Random random = new Random(12);
        final float[][] spikes = new float[CONFIG.windowLength()][BATCH];
        for (int b = 0; b < BATCH; b++) {
            spikes[4 + random.nextInt(8)][b] = 3f; // a flat window with one spike: nothing the generator learnt
        }
        final double spikesSearched = mean(new GeneratorInversion(generator, 60).errors(spikes, BATCH));
        System.out.printf("generator inversion: made windows %.5f after 1 step, %.5f after 60; spikes %.5f after 60%n", oneStep, searched,
                spikesSearched);
        assertTrue(searched < oneStep / 4, "the search came closer: " + oneStep + " to " + searched);
        assertTrue(spikesSearched > 10 * searched, "a spike is not reached: " + spikesSearched + " against " + searched);
    }

    @Test
    void shouldJudgeEachWindowOnItsOwnAndLeaveTheGeneratorAsItWas() {
        final float[][] both = generated(21);
        final float[] before = generator.parameters.flatten();
        final double[] together = new GeneratorInversion(generator, 8).errors(both, BATCH);
        assertArrayEquals(before, generator.parameters.flatten());
        final float[][] first = new float[both.length][1];
        for (int t = 0; t < both.length; t++) {
            first[t][0] = both[t][0];
        }
        final double alone = new GeneratorInversion(generator, 8).errors(first, 1)[0];
        assertEquals(alone, together[0], 1e-4 * Math.max(alone, 1e-3), "one window's error does not depend on the others in its batch");
    }

    @Test
    void shouldIgnoreAWindowsLevel() {
        final float[][] made = generated(31);
        final float[][] raised = new float[made.length][];
        for (int t = 0; t < made.length; t++) {
            raised[t] = made[t].clone();
            for (int b = 0; b < BATCH; b++) {
                raised[t][b] += 5f;
            }
        }
        assertArrayEquals(new GeneratorInversion(generator, 5).errors(made, BATCH), new GeneratorInversion(generator, 5).errors(raised, BATCH),
                1e-4);
    }

    @Test
    void shouldAddTheWeightedErrorToTheScoresOfATrainedModelOnly() {
        final GanTrainer trainer = new GanTrainer(RECONSTRUCTING);
        final List<double[]> real = new SineWindows(16, 3).normal(64);
        final GanSnapshot untrained = trainer.snapshot(0, 0, real);
        trainer.step(real);
        final GanSnapshot trained = trainer.snapshot(1, 0, real);
        final List<double[]> windows = new ArrayList<>(new SineWindows(16, 4).anomalous(2));
        final GanSnapshot.ScoreParts parts = trained.scoreParts(windows);
        final double[] scores = trained.score(windows);
        for (int i = 0; i < scores.length; i++) {
            assertTrue(parts.reconstruction()[i] > 0, "window " + i + " has a reconstruction error");
            assertEquals(parts.discriminator()[i] + parts.featureDistance()[i] + 2.5 * parts.reconstruction()[i], scores[i], 1e-9);
        }
        assertArrayEquals(new double[windows.size()], untrained.scoreParts(windows).reconstruction(), "an untrained generator reconstructs nothing");
        final GanSnapshot plain = new GanTrainer(CONFIG).snapshot(1, 0, real);
        assertArrayEquals(new double[windows.size()], plain.scoreParts(windows).reconstruction());
    }

    @Test
    void shouldCarryTheReconstructionSettingsInTheSnapshotAndReadOldOnesWithout() {
        assertEquals(RECONSTRUCTING, GanConfig.fromMap(RECONSTRUCTING.toMap()));
        final java.util.Map<String, String> old = new java.util.LinkedHashMap<>(RECONSTRUCTING.toMap());
        old.remove("reconstructionSteps");
        old.remove("reconstructionWeight");
        assertEquals(CONFIG, GanConfig.fromMap(old));
        assertThrows(IllegalArgumentException.class, () -> new GeneratorInversion(generator, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new GanConfig(16, 1, 3, 8, 2, 1e-3, 1e-3, 16, 1, 5, 5.0, 0.9, CONFIG.discriminatorView(), -1, 1.0));
    }
}
