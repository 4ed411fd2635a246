package io.twinstream.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a GAN-RNN by the usual recipe: a discriminator update on a batch of real windows and a batch of generated
 * ones (binary cross-entropy), then a generator update through the discriminator held still (non-saturating loss:
 * the generator maximises log D(G(z))); Adam for both. For unattended use each update's gradient is clipped to a
 * global norm, real labels may be smoothed (one-sided), and an update whose loss or gradient is not finite is
 * abandoned, leaving parameters and optimiser state as they were.
 *
 * <p>Mutable and single-threaded: one thread trains; others score the {@link GanSnapshot}s it makes. With one BLAS
 * thread, the same configuration and the same batches give the same parameters.
 */
public final class GanTrainer {

    /** Adam's first-moment decay: 0.5 rather than 0.9, as adversarial training usually needs. */
    private static final double ADAM_BETA1 = 0.5;
    private static final double ADAM_BETA2 = 0.999;
    private static final long NOISE_SALT = 0x9E3779B97F4A7C15L;
    private static final int LOSS_HISTORY = 200;

    private final GanConfig config;
    private final GeneratorNetwork generator;
    private final DiscriminatorNetwork discriminator;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final Random noise;
    private final Deque<Double> generatorLosses = new ArrayDeque<>();
    private final Deque<Double> discriminatorLosses = new ArrayDeque<>();
    private long steps;
    private long abandonedUpdates;

    /**
     * What one adversarial step did.
     *
     * @param discriminatorLoss the last discriminator update's loss (real and generated terms added)
     * @param generatorLoss the generator update's loss
     * @param realScore mean probability the discriminator gave the real batch before its update (over every judged step)
     * @param generatedScore mean probability it gave the generated batch before its update
     * @param completed false when an update was abandoned for a non-finite loss or gradient
     */
    public record StepResult(double discriminatorLoss, double generatorLoss, double realScore, double generatedScore,
                             boolean completed) {
    }

    /** A new GAN, initialised from the configuration's seed. */
    public GanTrainer(final GanConfig config) {
        this(config, null, 0);
    }

    /** A new GAN, initialised from the configuration's seed, drawing the noise of its {@code attempt}-th start. */
    GanTrainer(final GanConfig config, final int attempt) {
        this(config, null, attempt);
    }

    private GanTrainer(final GanConfig config, final GanSnapshot from, final int attempt) {
        this.config = config;
        final Random init = new Random(config.seed());
        this.generator = from == null ? new GeneratorNetwork(config, init) : new GeneratorNetwork(config, from.generatorParameters());
        this.discriminator = from == null ? new DiscriminatorNetwork(config, init)
                : new DiscriminatorNetwork(config, from.discriminatorParameters());
        this.generatorOptimizer = new Adam(generator.parameters, config.generatorLearningRate(), ADAM_BETA1, ADAM_BETA2);
        this.discriminatorOptimizer = new Adam(discriminator.parameters, config.discriminatorLearningRate(), ADAM_BETA1, ADAM_BETA2);
        this.steps = from == null ? 0 : from.trainingSteps();
        this.noise = new Random((config.seed() ^ NOISE_SALT) + steps + attempt * NOISE_SALT);
        if (from != null) {
            from.generatorLosses().forEach(generatorLosses::add);
            from.discriminatorLosses().forEach(discriminatorLosses::add);
        }
    }

    /** Training that continues from a snapshot's parameters, step count and losses (with fresh optimiser state). */
    public static GanTrainer resume(final GanSnapshot snapshot) {
        return new GanTrainer(snapshot.config(), snapshot, 0);
    }

    /** Training that continues from a snapshot, drawing the noise of its {@code attempt}-th resumption. */
    static GanTrainer resume(final GanSnapshot snapshot, final int attempt) {
        return new GanTrainer(snapshot.config(), snapshot, attempt);
    }

    public GanConfig config() {
        return config;
    }

    /** Adversarial steps taken, over this trainer's whole history. */
    public long steps() {
        return steps;
    }

    /** Updates abandoned because a loss or gradient was not finite. */
    public long abandonedUpdates() {
        return abandonedUpdates;
    }

    /**
     * One adversarial step: {@code discriminatorSteps} discriminator updates on {@code realBatch} against fresh
     * generated windows, then one generator update.
     *
     * @param realBatch real windows, each {@code double[L*F]} in normalised units, step-major
     */
    public StepResult step(final List<double[]> realBatch) {
        final int batch = realBatch.size();
        final float[][] real = WindowTensor.toSteps(realBatch, config.windowLength(), config.features());
        double[] discriminatorResult = null;
        for (int k = 0; k < config.discriminatorSteps(); k++) {
            discriminatorResult = discriminatorUpdate(real, batch);
            if (discriminatorResult == null) {
                abandonedUpdates++;
                return new StepResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
            }
        }
        final double generatorLoss = generatorUpdate(batch);
        if (Double.isNaN(generatorLoss)) {
            abandonedUpdates++;
            return new StepResult(discriminatorResult[0], Double.NaN, discriminatorResult[1], discriminatorResult[2], false);
        }
        steps++;
        remember(discriminatorLosses, discriminatorResult[0]);
        remember(generatorLosses, generatorLoss);
        return new StepResult(discriminatorResult[0], generatorLoss, discriminatorResult[1], discriminatorResult[2], true);
    }

    /** @return {loss, mean D(real), mean D(generated)}, or null when abandoned */
    private double[] discriminatorUpdate(final float[][] real, final int batch) {
        final float[][] generated = generator.generate(generator.noise(batch, noise), batch);
        final DiscriminatorNetwork.Pass realPass = discriminator.forward(real, batch);
        final DiscriminatorNetwork.Pass generatedPass = discriminator.forward(generated, batch);
        final int judged = realPass.logits().length;
        final float[][] dReal = new float[judged][batch];
        final float[][] dGenerated = new float[judged][batch];
        final double n = (double) batch * judged;
        double loss = 0;
        double realScore = 0;
        double generatedScore = 0;
        for (int j = 0; j < judged; j++) {
            for (int b = 0; b < batch; b++) {
                final double realLogit = realPass.logits()[j][b];
                final double generatedLogit = generatedPass.logits()[j][b];
                loss += (Activations.binaryCrossEntropy(realLogit, config.realLabel()) + Activations.binaryCrossEntropy(generatedLogit, 0)) / n;
                final double realProbability = 1 / (1 + Math.exp(-realLogit));
                final double generatedProbability = 1 / (1 + Math.exp(-generatedLogit));
                dReal[j][b] = (float) ((realProbability - config.realLabel()) / n);
                dGenerated[j][b] = (float) (generatedProbability / n);
                realScore += realProbability / n;
                generatedScore += generatedProbability / n;
            }
        }
        if (!Double.isFinite(loss)) {
            return null;
        }
        discriminator.gradients.fill(0f);
        discriminator.backward(realPass, dReal, true);
        discriminator.backward(generatedPass, dGenerated, true);
        if (!applyUpdate(discriminator.gradients, discriminator.parameters, discriminatorOptimizer)) {
            return null;
        }
        return new double[] {loss, realScore, generatedScore};
    }

    /** @return the loss, or NaN when abandoned */
    private double generatorUpdate(final int batch) {
        final GeneratorNetwork.Pass generatedPass = generator.forward(generator.noise(batch, noise), batch);
        final DiscriminatorNetwork.Pass judged = discriminator.forward(generatedPass.windows(), batch);
        final int judgedSteps = judged.logits().length;
        final double n = (double) batch * judgedSteps;
        final float[][] dLogits = new float[judgedSteps][batch];
        double loss = 0;
        for (int j = 0; j < judgedSteps; j++) {
            for (int b = 0; b < batch; b++) {
                final double logit = judged.logits()[j][b];
                loss += Activations.softplus(-logit) / n; // -log D(G(z))
                dLogits[j][b] = (float) ((1 / (1 + Math.exp(-logit)) - 1) / n);
            }
        }
        if (!Double.isFinite(loss)) {
            return Double.NaN;
        }
        final float[][] dWindows = discriminator.backward(judged, dLogits, false);
        generator.gradients.fill(0f);
        generator.backward(generatedPass, dWindows);
        return applyUpdate(generator.gradients, generator.parameters, generatorOptimizer) ? loss : Double.NaN;
    }

    private boolean applyUpdate(final ParameterSet gradients, final ParameterSet parameters, final Adam optimizer) {
        final double norm = gradients.norm();
        if (!Double.isFinite(norm)) {
            return false;
        }
        if (norm > config.gradientClip()) {
            gradients.scale((float) (config.gradientClip() / norm));
        }
        optimizer.update(parameters, gradients);
        return true;
    }

    private static void remember(final Deque<Double> history, final double loss) {
        history.addLast(loss);
        if (history.size() > LOSS_HISTORY) {
            history.removeFirst();
        }
    }

    /**
     * An immutable copy of the model as it is now.
     *
     * @param referenceWindows real windows taken as normal, whose features in the discriminator anchor the score's
     *        feature distance (a few hundred is plenty); empty for a model that scores by the discriminator's verdict alone
     */
    public GanSnapshot snapshot(final long version, final long createdAtMs, final List<double[]> referenceWindows) {
        final GanSnapshot snapshot = new GanSnapshot(config, version, createdAtMs, steps,
                generatorLosses.stream().mapToDouble(Double::doubleValue).toArray(),
                discriminatorLosses.stream().mapToDouble(Double::doubleValue).toArray(),
                generator.parameters.flatten(), discriminator.parameters.flatten(), null, Map.of(), Map.of());
        return referenceWindows.isEmpty() ? snapshot : snapshot.withRealFeatures(referenceWindows);
    }

    /** Test hook: the discriminator's current parameters (a copy). */
    float[] discriminatorParameters() {
        return discriminator.parameters.flatten();
    }
}
