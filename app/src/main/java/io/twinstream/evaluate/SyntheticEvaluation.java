package io.twinstream.evaluate;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.NextStepRegressor;
import io.twinstream.model.SequenceClassifier;
import io.twinstream.model.TrainingRounds;
import io.twinstream.model.WindowReservoir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Judges the synthetic sequences of Twinstream's model by the TimeGAN protocol. The model is trained the way the
 * service's trainer trains it (a reservoir of real windows, rounds of adversarial steps, each round's candidate judged
 * on held-back windows), on the real sequences standardised per feature as the window stage does; it then generates as
 * many sequences as there are real ones, mapped back to the real ones' scale (as they are: the share of values outside
 * the scaled data's [0, 1] is reported). Two post-hoc models measure them,
 * each trained afresh per repeat:
 * <ul>
 *   <li>discriminative score: a recurrent classifier trained to tell real from synthetic on 80% of each, |accuracy - 0.5|
 *       on the other 20% (0 when it cannot tell them apart);</li>
 *   <li>predictive score: a recurrent model trained on the synthetic sequences to predict the next step of the last
 *       feature, its mean absolute error on the real ones; beside it the same model trained on the real ones.</li>
 * </ul>
 */
public final class SyntheticEvaluation {

    /** TimeGAN's post-hoc training: Adam's step size, batch size and iterations of each model. */
    private static final double PROBE_LEARNING_RATE = 0.001;
    private static final int PROBE_BATCH = 128;
    private static final int CLASSIFIER_ITERATIONS = 2_000;
    private static final int REGRESSOR_ITERATIONS = 5_000;
    private static final double TRAIN_SHARE = 0.8;

    /** A published result on Sines. */
    record Reference(String model, double discriminative, double predictive) {
    }

    static final List<Reference> REFERENCES = List.of(new Reference("TimeGAN", 0.011, 0.093), new Reference("RCGAN", 0.022, 0.097));
    static final double REAL_DATA_PREDICTIVE_REFERENCE = 0.094;

    private final TwinstreamConfig config;
    private final PrintWriter out;
    private final int classifierIterations;
    private final int regressorIterations;

    /** A repeat's three figures. */
    public record Repeat(double discriminative, double predictive, double realPredictive) {
    }

    /**
     * What the evaluation measured.
     *
     * @param synthetic the generated sequences, [0, 1] scale, step-major
     * @param model the model that generated them
     * @param repeats one entry per repeat
     * @param roundsAccepted training rounds whose candidate became the model
     * @param rounds training rounds run
     * @param outsideShare share of generated values outside [0, 1], the range of the real ones
     */
    public record Result(SequenceData data, List<double[]> synthetic, GanSnapshot model, List<Repeat> repeats, int roundsAccepted, int rounds,
                         double trainingSeconds, double outsideShare) {
    }

    /** @param config the service's configuration; window length and feature count are set from the data */
    public SyntheticEvaluation(final TwinstreamConfig config, final PrintWriter out) {
        this(config, out, CLASSIFIER_ITERATIONS, REGRESSOR_ITERATIONS);
    }

    /** With other post-hoc training lengths (tests use short ones). */
    SyntheticEvaluation(final TwinstreamConfig config, final PrintWriter out, final int classifierIterations, final int regressorIterations) {
        this.config = config;
        this.out = out;
        this.classifierIterations = classifierIterations;
        this.regressorIterations = regressorIterations;
    }

    /**
     * Trains for {@code steps} adversarial steps, generates, and scores {@code repeats} times, {@code jobs} repeats at once.
     */
    public Result run(final SequenceData data, final int steps, final int repeats, final int jobs) throws InterruptedException {
        final TwinstreamConfig modelConfig = config.with(Map.of(Settings.WINDOW_LENGTH.key(), Integer.toString(data.length()),
                Settings.MODEL_FEATURES.key(), Integer.toString(data.features())));
        final GanConfig ganConfig = GanConfig.from(modelConfig);
        final Standardisation scale = Standardisation.of(data);
        final long start = System.nanoTime();
        final WindowReservoir reservoir = WindowReservoir.forTrainer(modelConfig, ganConfig.seed());
        for (final double[] sequence : data.sequences()) {
            reservoir.add(new WindowReservoir.Sample(data.name(), scale.forward(sequence), scale.mean(), scale.std()));
        }
        final TrainingRounds rounds = TrainingRounds.forTrainer(modelConfig, ganConfig, null);
        final int stepsPerRound = modelConfig.get(Settings.TRAINER_STEPS_PER_ROUND);
        final int roundCount = (steps + stepsPerRound - 1) / stepsPerRound;
        int accepted = 0;
        for (int round = 1; round <= roundCount; round++) {
            final int roundSteps = Math.min(stepsPerRound, steps - (round - 1) * stepsPerRound);
            final TrainingRounds.Outcome outcome = rounds.run(reservoir, roundSteps, System.currentTimeMillis(), Runnable::run, () -> true);
            accepted += outcome.accepted() ? 1 : 0;
            final double seconds = (System.nanoTime() - start) / 1e9;
            final int done = Math.min(steps, round * stepsPerRound);
            out.printf(Locale.ROOT, "training round %d/%d: %,d of %,d steps (%.1f steps/s), losses G %.3f D %.3f, MMD² %.4f, %s  |  about %.0f s left%n",
                    round, roundCount, done, steps, done / seconds, outcome.meanGeneratorLoss(), outcome.meanDiscriminatorLoss(),
                    outcome.verdict().candidateDiscrepancy(), outcome.accepted() ? "accepted" : "rejected: " + outcome.verdict().reason(),
                    seconds / done * (steps - done));
            out.flush();
        }
        final double trainingSeconds = (System.nanoTime() - start) / 1e9;
        final GanSnapshot model = rounds.current();
        if (model == null) {
            throw new IllegalStateException("No training round produced an acceptable model in " + steps + " steps");
        }
        final List<double[]> synthetic = new ArrayList<>(data.sequences().size());
        long outside = 0;
        for (final double[] generated : model.generate(data.sequences().size(), ganConfig.seed() + 1)) {
            final double[] sequence = scale.inverse(generated);
            for (final double value : sequence) {
                outside += value < 0 || value > 1 ? 1 : 0;
            }
            synthetic.add(sequence);
        }
        final double outsideShare = (double) outside / ((long) synthetic.size() * data.length() * data.features());
        return new Result(data, synthetic, model, score(data, synthetic, repeats, jobs, ganConfig.seed()), accepted, roundCount, trainingSeconds,
                outsideShare);
    }

    private List<Repeat> score(final SequenceData data, final List<double[]> synthetic, final int repeats, final int jobs, final long seed)
            throws InterruptedException {
        final long start = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            final List<Future<Repeat>> futures = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                final long repeatSeed = seed * 1_000 + r;
                futures.add(pool.submit(() -> repeat(data, synthetic, repeatSeed)));
            }
            final List<Repeat> results = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                final Repeat repeat = futures.get(r).get();
                results.add(repeat);
                final double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "repeat %d/%d: discriminative %.4f, predictive %.4f (trained on real data: %.4f)  |  about %.0f s left%n",
                        r + 1, repeats, repeat.discriminative(), repeat.predictive(), repeat.realPredictive(),
                        seconds / (r + 1) * (repeats - r - 1));
                out.flush();
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("A scoring repeat failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One repeat: both post-hoc models trained afresh, with their own split and seeds. */
    Repeat repeat(final SequenceData data, final List<double[]> synthetic, final long seed) {
        final Random random = new Random(seed);
        final int hidden = Math.max(1, data.features() / 2);
        final List<double[]> real = shuffled(data.sequences(), random);
        final List<double[]> fake = shuffled(synthetic, random);
        final int realTrain = (int) Math.round(TRAIN_SHARE * real.size());
        final int fakeTrain = (int) Math.round(TRAIN_SHARE * fake.size());
        final SequenceClassifier classifier = new SequenceClassifier(data.length(), data.features(), hidden, PROBE_LEARNING_RATE, random.nextLong());
        classifier.train(real.subList(0, realTrain), fake.subList(0, fakeTrain), classifierIterations, PROBE_BATCH, random);
        final double accuracy = classifier.accuracy(real.subList(realTrain, real.size()), fake.subList(fakeTrain, fake.size()));
        final NextStepRegressor onSynthetic = new NextStepRegressor(data.length(), data.features(), hidden, PROBE_LEARNING_RATE, random.nextLong());
        onSynthetic.train(synthetic, regressorIterations, PROBE_BATCH, random);
        final NextStepRegressor onReal = new NextStepRegressor(data.length(), data.features(), hidden, PROBE_LEARNING_RATE, random.nextLong());
        onReal.train(data.sequences(), regressorIterations, PROBE_BATCH, random);
        return new Repeat(Math.abs(accuracy - 0.5), onSynthetic.meanAbsoluteError(data.sequences()), onReal.meanAbsoluteError(data.sequences()));
    }

    private static List<double[]> shuffled(final List<double[]> sequences, final Random random) {
        final List<double[]> copy = new ArrayList<>(sequences);
        Collections.shuffle(copy, random);
        return copy;
    }

    /** Per-feature mean and standard deviation over all real values: the units the model learns in. */
    record Standardisation(double[] mean, double[] std) {

        static Standardisation of(final SequenceData data) {
            final int features = data.features();
            final double[] sum = new double[features];
            final double[] sumOfSquares = new double[features];
            long count = 0;
            for (final double[] sequence : data.sequences()) {
                for (int i = 0; i < sequence.length; i++) {
                    sum[i % features] += sequence[i];
                    sumOfSquares[i % features] += sequence[i] * sequence[i];
                }
                count += data.length();
            }
            final double[] mean = new double[features];
            final double[] std = new double[features];
            for (int f = 0; f < features; f++) {
                mean[f] = sum[f] / count;
                std[f] = Math.max(1e-9, Math.sqrt(Math.max(0, sumOfSquares[f] / count - mean[f] * mean[f])));
            }
            return new Standardisation(mean, std);
        }

        double[] forward(final double[] sequence) {
            final double[] z = new double[sequence.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = (sequence[i] - mean[i % mean.length]) / std[i % mean.length];
            }
            return z;
        }

        double[] inverse(final double[] z) {
            final double[] sequence = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                sequence[i] = z[i] * std[i % mean.length] + mean[i % mean.length];
            }
            return sequence;
        }
    }
}
