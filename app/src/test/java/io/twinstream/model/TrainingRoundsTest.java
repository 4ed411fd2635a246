package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.twinstream.scoring.ScoreMap;
import org.junit.jupiter.api.Test;

class TrainingRoundsTest {

    private static final GanConfig CONFIG = new GanConfig(16, 1, 2, 8, 1, 1e-3, 3e-5, 16, 1, 3, 5.0, 0.9);

    private static WindowReservoir reservoir(final Iterable<double[]> windows) {
        final WindowReservoir reservoir = new WindowReservoir(200, 20, 5, 1);
        windows.forEach(values -> reservoir.add(new WindowReservoir.Sample("s", values, new double[] {0}, new double[] {1})));
        return reservoir;
    }

    @Test
    void shouldAcceptAFirstRoundAndKeepItWhenALaterRoundIsNotFinite() throws InterruptedException {
        final TrainingRounds rounds = new TrainingRounds(CONFIG, new RoundValidation(10), 64, null);
        assertNull(rounds.current());
        final int[] paced = {0};
        final TrainingRounds.Outcome first = rounds.run(reservoir(new SineWindows(16, 1).normal(300)), 10, 123L, step -> {
            paced[0]++;
            step.run();
        }, () -> true);
        assertTrue(first.accepted(), first.verdict().reason());
        assertEquals(10, paced[0], "every step goes through the pacer");
        assertEquals(1, first.candidate().version());
        assertEquals(123L, first.candidate().createdAt());
        assertTrue(Double.isFinite(first.meanGeneratorLoss()) && Double.isFinite(first.meanDiscriminatorLoss()));
        assertSame(first.candidate(), rounds.current());

        // windows whose values overflow float arithmetic: every update is abandoned, the round rejected, the model kept
        final double[] overflowing = new double[16];
        Arrays.fill(overflowing, 1e300);
        final TrainingRounds.Outcome second = rounds.run(reservoir(java.util.Collections.nCopies(300, overflowing)), 5, 456L,
                Runnable::run, () -> true);
        assertFalse(second.accepted());
        assertEquals("every update was abandoned", second.verdict().reason());
        assertTrue(Double.isNaN(second.meanGeneratorLoss()));
        assertSame(first.candidate(), rounds.current());

        // training starts again from the kept model, not from the abandoned round
        final TrainingRounds.Outcome third = rounds.run(reservoir(new SineWindows(16, 3).normal(300)), 4, 789L, Runnable::run, () -> true);
        assertEquals(first.candidate().trainingSteps() + 4, third.candidate().trainingSteps());
    }

    @Test
    void shouldGiveAnAcceptedModelItsScoresOfEachSeriesHeldBackWindowsOldestFirst() throws InterruptedException {
        // two series taking turns; one window in 5 is held back, the newest 20 of them kept: the held-back ring wraps
        final WindowReservoir reservoir = new WindowReservoir(200, 20, 5, 1);
        final List<double[]> windows = new SineWindows(16, 4).normal(330);
        for (int i = 0; i < windows.size(); i++) {
            reservoir.add(new WindowReservoir.Sample(i % 2 == 0 ? "even" : "odd", windows.get(i), new double[] {0}, new double[] {1}));
        }
        // held back: windows 4, 9, ..., 329 (the 5th, 10th, ... offered); the newest 20 are 234 to 329
        final List<double[]> even = new ArrayList<>();
        final List<double[]> odd = new ArrayList<>();
        for (int i = 234; i < windows.size(); i += 5) {
            (i % 2 == 0 ? even : odd).add(windows.get(i));
        }
        final TrainingRounds rounds = new TrainingRounds(CONFIG, new RoundValidation(10), 64, null);
        final TrainingRounds.Outcome outcome = rounds.run(reservoir, 5, 1L, Runnable::run, () -> true);
        assertTrue(outcome.accepted(), outcome.verdict().reason());
        final GanSnapshot model = outcome.candidate();
        assertSame(model, rounds.current());
        assertEquals(10, even.size());
        // scored as one batch of 20 there, of 10 here: the BLAS kernel, and so the last bits of a float sum, may differ
        assertArrayEquals(model.score(even), model.heldBackScores("even"), 1e-5);
        assertArrayEquals(model.score(odd), model.heldBackScores("odd"), 1e-5);
        assertEquals(0, model.heldBackScores("other").length);
        // they travel with the model
        final GanSnapshot restored = GanSnapshot.fromBytes(model.toBytes("m"), CONFIG);
        assertArrayEquals(model.heldBackScores("odd"), restored.heldBackScores("odd"));

        // a rejected candidate has none
        final TrainingRounds.Outcome rejected = new TrainingRounds(CONFIG, (candidate, current, heldBack, seed) ->
                new RoundValidation.Verdict(false, 1, 0, "no"), 64, null).run(reservoir, 2, 2L, Runnable::run, () -> true);
        assertEquals(0, rejected.candidate().heldBackScores("even").length);
    }

    /** Asserts that {@code map} takes each of the sorted {@code from} scores to the same rank of the sorted {@code to} ones. */
    private static void assertMapsQuantileToQuantile(final ScoreMap map, final double[] from, final double[] to) {
        final double[] fromSorted = from.clone();
        final double[] toSorted = to.clone();
        Arrays.sort(fromSorted);
        Arrays.sort(toSorted);
        assertTrue(Math.abs(Math.log(toSorted[0] / toSorted[toSorted.length - 1])) > 1e-3, "the scores differ, so the map says something");
        for (int i = 0; i < fromSorted.length; i++) {
            assertEquals(toSorted[i], map.apply(fromSorted[i]), 1e-4 * toSorted[i]);
        }
    }

    @Test
    void shouldGiveAnAcceptedModelMapsFromTheScoresOfTheModelsBeforeIt() throws InterruptedException {
        final TrainingRounds rounds = new TrainingRounds(CONFIG, (candidate, current, heldBack, seed) ->
                new RoundValidation.Verdict(true, 0.4, 0.5, "closer"), 64, null);
        final WindowReservoir reservoir = reservoir(new SineWindows(16, 6).normal(300));
        final List<double[]> heldBack = reservoir.heldBack();
        final GanSnapshot untrained = rounds.untrained(reservoir, 0L);
        final List<GanSnapshot> models = new ArrayList<>();
        for (int round = 0; round < TrainingRounds.MODELS_MAPPED + 2; round++) {
            models.add(rounds.run(reservoir, round == 0 ? 5 : 20, round, Runnable::run, () -> true).candidate());
        }
        final GanSnapshot first = models.get(0);
        final GanSnapshot second = models.get(1);
        assertNull(untrained.scoreMapFrom(-1));
        assertNull(first.scoreMapFrom(0), "no map from the untrained model, from which series are not carried over");
        // the second model's map from the first: the first's scores of the held-back windows land on the second's, rank by rank
        assertMapsQuantileToQuantile(second.scoreMapFrom(1), first.score(heldBack), second.score(heldBack));
        assertNull(second.scoreMapFrom(2));
        // the newest model maps directly from the MODELS_MAPPED models before it ...
        final GanSnapshot newest = models.get(models.size() - 1);
        final GanSnapshot oldestMapped = models.get(models.size() - 1 - TrainingRounds.MODELS_MAPPED);
        assertMapsQuantileToQuantile(newest.scoreMapFrom(oldestMapped.version()), oldestMapped.score(heldBack), newest.score(heldBack));
        // ... and from older ones through the model before it: exact at the earlier map's knots
        final GanSnapshot before = models.get(models.size() - 2);
        final ScoreMap carried = newest.scoreMapFrom(first.version());
        final ScoreMap firstToBefore = before.scoreMapFrom(first.version());
        final ScoreMap beforeToNewest = newest.scoreMapFrom(before.version());
        for (final double knot : firstToBefore.from()) {
            assertEquals(beforeToNewest.apply(firstToBefore.apply(Math.exp(knot))), carried.apply(Math.exp(knot)), 1e-9);
        }
        // they travel with the model
        final GanSnapshot restored = GanSnapshot.fromBytes(newest.toBytes("m"), CONFIG);
        for (final GanSnapshot earlier : models.subList(0, models.size() - 1)) {
            assertArrayEquals(newest.scoreMapFrom(earlier.version()).from(), restored.scoreMapFrom(earlier.version()).from());
            assertArrayEquals(newest.scoreMapFrom(earlier.version()).to(), restored.scoreMapFrom(earlier.version()).to());
        }
    }

    @Test
    void shouldKeepMapsFromTheNewestModelsOnly() {
        final GanTrainer trainer = new GanTrainer(CONFIG);
        final List<double[]> windows = new SineWindows(16, 7).normal(40);
        trainer.step(windows.subList(0, 16));
        final List<WindowReservoir.Sample> heldBack = windows.stream()
                .map(values -> new WindowReservoir.Sample("s", values, new double[] {0}, new double[] {1})).toList();
        GanSnapshot model = trainer.snapshot(1, 0, windows).withHeldBackScores(heldBack, List.of());
        for (long version = 2; version <= GanSnapshot.MAPS_KEPT + 5; version++) {
            model = trainer.snapshot(version, 0, windows).withHeldBackScores(heldBack, List.of(model));
        }
        // the newest model, version MAPS_KEPT + 5, keeps maps from the MAPS_KEPT versions before it: 5 and later
        assertTrue(model.scoreMapFrom(4) == null && model.scoreMapFrom(1) == null, "older ones dropped");
        for (long version = 5; version < GanSnapshot.MAPS_KEPT + 5; version++) {
            assertTrue(model.scoreMapFrom(version) != null, "map from " + version);
        }
    }

    @Test
    void shouldGoOnFromACandidateRejectedAsFurtherFromRealButPublishOnlyImprovements() throws InterruptedException {
        final boolean[] accept = {true};
        final RoundJudge judge = (candidate, current, heldBack, seed) ->
                new RoundValidation.Verdict(accept[0], 0.5, 0.4, accept[0] ? "closer" : "further from real");
        final TrainingRounds rounds = new TrainingRounds(CONFIG, judge, 64, null);
        final WindowReservoir windows = reservoir(new SineWindows(16, 4).normal(300));
        final TrainingRounds.Outcome first = rounds.run(windows, 5, 1L, Runnable::run, () -> true);

        accept[0] = false;
        final TrainingRounds.Outcome second = rounds.run(windows, 5, 2L, Runnable::run, () -> true);
        final TrainingRounds.Outcome third = rounds.run(windows, 5, 3L, Runnable::run, () -> true);

        assertSame(first.candidate(), rounds.current(), "rejected candidates are not published");
        assertEquals(10, second.candidate().trainingSteps());
        assertEquals(15, third.candidate().trainingSteps(), "the third round went on from the second's candidate");
        assertEquals(2, third.candidate().version(), "the next version after the current model");
    }

    @Test
    void shouldMakeAnUntrainedModelThatScoresAnomaliesAndLeavesTheTrainingAsItWouldBe() throws InterruptedException {
        final SineWindows data = new SineWindows(16, 5);
        final List<double[]> windows = data.normal(300);
        final TrainingRounds withUntrained = new TrainingRounds(CONFIG, new RoundValidation(10), 64, null);
        final WindowReservoir reservoir = reservoir(windows);
        assertTrue(withUntrained.untrainedDue(reservoir, 200));
        assertFalse(withUntrained.untrainedDue(reservoir, 0), "0 turns it off");
        assertFalse(withUntrained.untrainedDue(reservoir, 201), "the reservoir keeps 200 training windows");
        assertFalse(withUntrained.untrainedDue(reservoir(windows.subList(0, 40)), 20), "only 8 held back");
        final GanSnapshot untrained = withUntrained.untrained(reservoir, 42L);
        assertEquals(0, untrained.version());
        assertEquals(0, untrained.trainingSteps());
        assertFalse(untrained.trained());
        assertEquals(42L, untrained.createdAt());
        assertNull(withUntrained.current(), "the untrained model is not one to judge rounds against");
        assertArrayEquals(untrained.score(reservoir.heldBackInOrder().stream().map(WindowReservoir.Sample::values).toList()),
                untrained.heldBackScores("s"), 1e-5);

        // its discriminator has learnt nothing, but its features of the windows anchor a score that tells anomalies apart
        final List<double[]> normal = data.normal(200);
        final List<double[]> anomalous = data.anomalous(50);
        final double auc = RocAuc.of(untrained.score(normal), untrained.score(anomalous));
        assertTrue(auc >= 0.8, "ROC-AUC " + auc);

        // the first round is the first model, trained exactly as without the untrained one
        final TrainingRounds.Outcome first = withUntrained.run(reservoir, 5, 1L, Runnable::run, () -> true);
        final TrainingRounds.Outcome plain = new TrainingRounds(CONFIG, new RoundValidation(10), 64, null)
                .run(reservoir(windows), 5, 1L, Runnable::run, () -> true);
        assertTrue(first.accepted(), first.verdict().reason());
        assertEquals("first model", first.verdict().reason());
        assertEquals(1, first.candidate().version());
        assertTrue(first.candidate().trained());
        assertArrayEquals(plain.candidate().discriminatorParameters(), first.candidate().discriminatorParameters());
        assertArrayEquals(plain.candidate().generatorParameters(), first.candidate().generatorParameters());
        assertArrayEquals(plain.candidate().score(normal), first.candidate().score(normal), 0.0);

        assertFalse(withUntrained.untrainedDue(reservoir, 200), "not once a model is trained");
        final IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> withUntrained.untrained(reservoir, 43L));
        assertTrue(late.getMessage().contains("already been trained for 5 steps"), late.getMessage());
    }

    @Test
    void shouldStopStepsWhenToldTo() throws InterruptedException {
        final TrainingRounds rounds = new TrainingRounds(CONFIG, new RoundValidation(10), 64, null);
        final int[] steps = {0};
        rounds.run(reservoir(new SineWindows(16, 2).normal(300)), 50, 0L, step -> {
            steps[0]++;
            step.run();
        }, () -> steps[0] < 3);
        assertEquals(3, steps[0]);
    }
}
