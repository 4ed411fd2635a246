package io.twinstream.model;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The trainer's rounds, without Kafka: a number of adversarial steps on batches from the reservoir, then a candidate
 * snapshot (with reference windows from the reservoir) judged on the held-back windows. An accepted candidate, with
 * its scores of the held-back windows (where the score stage's calibration of their series starts), becomes the
 * current model. After a candidate rejected for generating windows further from the real ones, training goes on
 * from it (adversarial training wanders before it improves; only improvements are published); after one whose losses
 * or windows are not finite, training starts again from the current model (fresh when there is none) with new noise.
 * Single-threaded.
 */
public final class TrainingRounds {

    /** Runs one step; the service uses it to keep training to its share of a core. */
    @FunctionalInterface
    public interface Pacer {
        void run(Runnable step) throws InterruptedException;
    }

    /**
     * One round's result.
     *
     * @param candidate the snapshot the round made (when accepted, with its scores of the held-back windows)
     * @param verdict whether it was accepted, and why
     * @param meanGeneratorLoss over the completed steps (NaN when none completed)
     * @param meanDiscriminatorLoss over the completed steps (NaN when none completed)
     */
    public record Outcome(GanSnapshot candidate, RoundValidation.Verdict verdict, double meanGeneratorLoss, double meanDiscriminatorLoss) {

        public boolean accepted() {
            return verdict.accepted();
        }
    }

    /** Real windows whose features anchor each snapshot's score: a few hundred is plenty. */
    private static final int REFERENCE_WINDOWS = 256;
    /** Newest accepted models a new one gets maps from directly (older ones' maps are carried through the newest). */
    static final int MODELS_MAPPED = 4;

    private final GanConfig config;
    private final RoundJudge validation;
    private final int referenceWindows;
    private GanSnapshot current;
    /** The newest accepted models, newest first, with {@link #current} (at most {@link #MODELS_MAPPED}): maps go from each. */
    private final Deque<GanSnapshot> accepted = new ArrayDeque<>();
    private GanTrainer trainer;
    private int restarts;

    /**
     * @param current the model to continue from, or null to start afresh
     * @param referenceWindows real windows whose features anchor each snapshot's score
     */
    public TrainingRounds(final GanConfig config, final RoundJudge validation, final int referenceWindows, final GanSnapshot current) {
        this.config = config;
        this.validation = validation;
        this.referenceWindows = referenceWindows;
        this.current = current;
        if (current != null) {
            accepted.addFirst(current);
        }
        this.trainer = restart();
    }

    /** The trainer's rounds, judged with {@code trainer.tolerance}, continuing from {@code current} (or null). */
    public static TrainingRounds forTrainer(final TwinstreamConfig config, final GanConfig ganConfig, final GanSnapshot current) {
        return new TrainingRounds(ganConfig, new RoundValidation(config.get(Settings.TRAINER_TOLERANCE)), REFERENCE_WINDOWS, current);
    }

    /** The newest accepted model (or the one resumed from), or null. */
    public GanSnapshot current() {
        return current;
    }

    /**
     * Runs a round of {@code steps} steps (fewer when {@code keepGoing} turns false) and judges its candidate.
     *
     * @param createdAtMs the candidate's creation time
     */
    public Outcome run(final WindowReservoir reservoir, final int steps, final long createdAtMs, final Pacer pacer,
                       final BooleanSupplier keepGoing) throws InterruptedException {
        final GanTrainer.StepResult[] last = new GanTrainer.StepResult[1];
        double generatorLoss = 0;
        double discriminatorLoss = 0;
        int completed = 0;
        for (int s = 0; s < steps && keepGoing.getAsBoolean(); s++) {
            pacer.run(() -> last[0] = trainer.step(reservoir.batch(config.batchSize())));
            if (last[0].completed()) {
                generatorLoss += last[0].generatorLoss();
                discriminatorLoss += last[0].discriminatorLoss();
                completed++;
            }
        }
        final long version = current == null ? 1 : current.version() + 1;
        final List<double[]> reference = reservoir.sample(referenceWindows).stream().map(WindowReservoir.Sample::values).toList();
        final GanSnapshot candidate = trainer.snapshot(version, createdAtMs, reference);
        final RoundValidation.Verdict verdict = completed == 0
                ? new RoundValidation.Verdict(false, Double.NaN, Double.NaN, "every update was abandoned")
                : validation.judge(candidate, current, reservoir.heldBack(), version);
        if (verdict.accepted()) {
            current = candidate.withHeldBackScores(reservoir.heldBackInOrder(), List.copyOf(accepted));
            accepted.addFirst(current);
            while (accepted.size() > MODELS_MAPPED) {
                accepted.removeLast();
            }
        } else if (!verdict.measured()) {
            restarts++;
            trainer = restart();
        }
        return new Outcome(verdict.accepted() ? current : candidate, verdict, completed == 0 ? Double.NaN : generatorLoss / completed,
                completed == 0 ? Double.NaN : discriminatorLoss / completed);
    }

    /**
     * Whether it is time for {@link #untrained}: no model trained yet, no step taken, and the reservoir holds
     * {@code trainingWindows} (0: never).
     */
    public boolean untrainedDue(final WindowReservoir reservoir, final int trainingWindows) {
        return trainingWindows > 0 && current == null && trainer.steps() == 0 && reservoir.holds(trainingWindows);
    }

    /**
     * The model as initialised, before any step, as version 0: its discriminator's features of the reservoir's first
     * training windows anchor its score, and it carries its scores of the held-back windows. A model to score with until
     * the first round's; it does not become {@link #current()}, so the first round is judged as the first model, and
     * the training is the same as without it.
     */
    public GanSnapshot untrained(final WindowReservoir reservoir, final long createdAtMs) {
        if (trainer.steps() > 0) {
            throw new IllegalStateException("The model has already been trained for " + trainer.steps() + " steps");
        }
        return trainer.snapshot(0, createdAtMs, reservoir.first(referenceWindows)).withHeldBackScores(reservoir.heldBackInOrder(), List.of());
    }

    private GanTrainer restart() {
        return current == null ? new GanTrainer(config, restarts) : GanTrainer.resume(current, restarts);
    }
}
