package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small seeded GAN-RNN trained once on sine-like windows, then checked for what users rely on. */
class GanLearningTest {

    static final int LENGTH = 24;
    /**
     * Adversarial training depends on its initialisation, and on the last bits of float arithmetic, which differ
     * between processors (the BLAS library picks its kernels by instruction set). With this data, most seeds cut MMD²
     * by 60-80% within 2,000 steps while some stay stuck near where they started, and which ones do changes from one
     * processor to another; catching a stuck run is the job of the trainer's round validation. So three seeds are
     * trained, and the claim is about most of them.
     */
    static final int[] SEEDS = {12, 14, 16};
    static final int STEPS = 2_000;
    static final GanConfig CONFIG = config(SEEDS[0]);

    private static SineWindows data;
    private static List<double[]> real;
    private static final List<GanTrainer> TRAINERS = new ArrayList<>();
    private static final List<GanTrainer.StepResult> RESULTS = new ArrayList<>();

    static GanConfig config(final int seed) {
        return new GanConfig(LENGTH, 1, 4, 24, 1, 2e-3, 2e-3, 32, 1, seed, 5.0, 0.9);
    }

    @BeforeAll
    static void train() {
        data = new SineWindows(LENGTH, 5);
        real = data.normal(1_000);
        for (final int seed : SEEDS) {
            final GanTrainer trainer = new GanTrainer(config(seed));
            final Random pick = new Random(1);
            for (int s = 0; s < STEPS; s++) {
                RESULTS.add(trainer.step(batch(real, pick)));
            }
            TRAINERS.add(trainer);
        }
    }

    static List<double[]> batch(final List<double[]> windows, final Random pick) {
        final List<double[]> batch = new ArrayList<>();
        for (int b = 0; b < CONFIG.batchSize(); b++) {
            batch.add(windows.get(pick.nextInt(windows.size())));
        }
        return batch;
    }

    @Test
    void shouldGenerateWindowsMeasurablyCloserToRealOnesAfterTraining() {
        final List<double[]> heldBack = data.normal(200);
        final double bandwidth = MaximumMeanDiscrepancy.medianDistance(heldBack);
        final double realToReal = MaximumMeanDiscrepancy.squared(data.normal(200), heldBack, bandwidth);
        int halved = 0;
        final StringBuilder figures = new StringBuilder();
        for (int i = 0; i < SEEDS.length; i++) {
            final double before = MaximumMeanDiscrepancy.squared(new GanTrainer(config(SEEDS[i])).snapshot(0, 0, List.of()).generate(200, 3),
                    heldBack, bandwidth);
            final double after = MaximumMeanDiscrepancy.squared(TRAINERS.get(i).snapshot(1, 0, List.of()).generate(200, 3), heldBack,
                    bandwidth);
            figures.append(String.format("seed %d: before %.4f, after %d steps %.4f; ", SEEDS[i], before, STEPS, after));
            halved += after < before / 2 ? 1 : 0;
        }
        System.out.printf("MMD² generated vs real: %s(real vs real %.4f)%n", figures, realToReal);
        assertTrue(halved >= 2, "MMD² halved for " + halved + " of " + SEEDS.length + " seeds: " + figures);
    }

    @Test
    void shouldKeepLossesFiniteAndCompleteEveryStep() {
        assertTrue(RESULTS.stream().allMatch(GanTrainer.StepResult::completed));
        assertTrue(RESULTS.stream().allMatch(r -> Double.isFinite(r.discriminatorLoss()) && Double.isFinite(r.generatorLoss())));
        assertTrue(TRAINERS.stream().allMatch(trainer -> trainer.abandonedUpdates() == 0));
    }

    @Test
    void shouldSeparateAnomalousWindowsFromNormalOnes() {
        final GanSnapshot model = TRAINERS.get(0).snapshot(1, 0, data.normal(300));
        final List<double[]> normal = data.normal(200);
        final List<double[]> anomalous = data.anomalous(50);
        final double auc = RocAuc.of(model.score(normal), model.score(anomalous));
        final GanSnapshot.ScoreParts normalParts = model.scoreParts(normal);
        final GanSnapshot.ScoreParts anomalousParts = model.scoreParts(anomalous);
        System.out.printf("ROC-AUC: score %.3f; discriminator verdict alone %.3f; feature distance alone %.3f%n", auc,
                RocAuc.of(normalParts.discriminator(), anomalousParts.discriminator()),
                RocAuc.of(normalParts.featureDistance(), anomalousParts.featureDistance()));
        assertTrue(auc >= 0.9, "ROC-AUC " + auc);
    }

    @Test
    void shouldGiveTheSameParametersForTheSameSeedAndData() {
        final GanTrainer first = new GanTrainer(CONFIG);
        final GanTrainer second = new GanTrainer(CONFIG);
        final Random pickFirst = new Random(4);
        final Random pickSecond = new Random(4);
        for (int s = 0; s < 20; s++) {
            first.step(batch(real, pickFirst));
            second.step(batch(real, pickSecond));
        }
        assertArrayEquals(first.discriminatorParameters(), second.discriminatorParameters());
        assertArrayEquals(first.snapshot(1, 0, List.of()).generatorParameters(), second.snapshot(1, 0, List.of()).generatorParameters());
        final GanTrainer otherSeed = new GanTrainer(config(13));
        assertFalse(java.util.Arrays.equals(first.discriminatorParameters(), otherSeed.discriminatorParameters()));
    }

    @Test
    void shouldAbandonAnUpdateWhoseLossIsNotFiniteAndChangeNothing() {
        final GanTrainer fresh = new GanTrainer(CONFIG);
        final float[] before = fresh.discriminatorParameters();
        final List<double[]> poisoned = new ArrayList<>(data.normal(CONFIG.batchSize()));
        poisoned.get(3)[5] = Double.NaN;
        final GanTrainer.StepResult result = fresh.step(poisoned);
        assertFalse(result.completed());
        assertArrayEquals(before, fresh.discriminatorParameters());
        assertTrue(fresh.abandonedUpdates() == 1 && fresh.steps() == 0);
    }
}
