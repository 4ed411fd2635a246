package io.twinstream.model;

import io.twinstream.serde.DoubleLists;
import io.twinstream.avro.ModelSnapshot;
import io.twinstream.avro.ScoreMapKnots;
import io.twinstream.scoring.ScoreMap;
import io.twinstream.serde.EarlierSchemas;
import io.twinstream.serde.TrustedAvroClasses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * A trained GAN-RNN, frozen: it scores windows and generates new ones, and nothing changes it, so any number of
 * threads may use it while a trainer works on the next one. It travels as a {@link ModelSnapshot} record.
 */
public final class GanSnapshot {

    private static final String GENERATOR_PARAMETER_COUNT = "generatorParameterCount";
    /** Window features per hidden unit: last state, mean over steps, spread over steps. */
    private static final int FEATURE_BLOCKS = 3;
    /** Most maps from earlier models' scores a snapshot carries (the newest models'). */
    static final int MAPS_KEPT = 100;
    private static final BinaryMessageDecoder<ModelSnapshot> DECODER = EarlierSchemas.decoder(ModelSnapshot.class);

    static {
        TrustedAvroClasses.trust();
    }

    private final GanConfig config;
    private final long version;
    private final long createdAt;
    private final long trainingSteps;
    private final double[] generatorLosses;
    private final double[] discriminatorLosses;
    private final GeneratorNetwork generator;
    private final DiscriminatorNetwork discriminator;
    private final FeatureStatistics realFeatures;
    private final Map<String, double[]> heldBackScores;
    /** Per earlier model's version, the map from its scores to this model's. */
    private final Map<Long, ScoreMap> scoreMaps;

    /** The parts of an anomaly score, per window; the reconstruction error is all zeros when the model has none. */
    record ScoreParts(double[] discriminator, double[] featureDistance, double[] reconstruction) {
    }

    GanSnapshot(final GanConfig config, final long version, final long createdAt, final long trainingSteps,
                final double[] generatorLosses, final double[] discriminatorLosses, final float[] generatorParameters,
                final float[] discriminatorParameters, final FeatureStatistics realFeatures, final Map<String, double[]> heldBackScores,
                final Map<Long, ScoreMap> scoreMaps) {
        this.config = config;
        this.version = version;
        this.createdAt = createdAt;
        this.trainingSteps = trainingSteps;
        this.generatorLosses = generatorLosses.clone();
        this.discriminatorLosses = discriminatorLosses.clone();
        this.generator = new GeneratorNetwork(config, generatorParameters);
        this.discriminator = new DiscriminatorNetwork(config, discriminatorParameters);
        this.realFeatures = realFeatures;
        this.heldBackScores = copyOf(heldBackScores);
        this.scoreMaps = Map.copyOf(scoreMaps);
        if (realFeatures != null && realFeatures.dimension() != FEATURE_BLOCKS * config.hiddenSize()) {
            throw new IllegalArgumentException("real-window feature statistics have " + realFeatures.dimension()
                    + " features; the discriminator makes " + FEATURE_BLOCKS * config.hiddenSize());
        }
    }

    /** The same model with the feature statistics of {@code referenceWindows}, real windows taken as normal. */
    GanSnapshot withRealFeatures(final List<double[]> referenceWindows) {
        final double[][] features = features(summaries(referenceWindows), referenceWindows.size());
        return new GanSnapshot(config, version, createdAt, trainingSteps, generatorLosses, discriminatorLosses, generatorParameters(),
                discriminatorParameters(), FeatureStatistics.fit(features), heldBackScores, scoreMaps);
    }

    /**
     * The same model with its scores of {@code heldBack}, real windows it was not trained on, kept per series (oldest
     * first): how this model scores a series' normal windows, known before it scores any of them in the stream; and
     * maps from the scores of the trained models in {@code before} to this model's, fitted on both models' scores of
     * those windows, with the maps from older models that the newest of {@code before} holds, carried through
     * ({@link #MAPS_KEPT} in all), so that a series calibrated on any of them can carry its scores over. (Maps fitted on
     * each series' own held-back windows did no better, measured on twelve series: too few windows each.)
     *
     * @param before the models this one follows, newest first (possibly none)
     */
    GanSnapshot withHeldBackScores(final List<WindowReservoir.Sample> heldBack, final List<GanSnapshot> before) {
        final List<double[]> windows = heldBack.stream().map(WindowReservoir.Sample::values).toList();
        final double[] scores = score(windows);
        final Map<Long, ScoreMap> maps = new LinkedHashMap<>();
        if (windows.size() >= ScoreMap.MIN_SCORES && allFinite(scores)) {
            for (final GanSnapshot earlier : before) {
                final double[] theirs = earlier.trained() ? earlier.score(windows) : null;
                if (theirs == null || !allFinite(theirs)) {
                    continue;
                }
                maps.put(earlier.version(), ScoreMap.fit(theirs, scores));
            }
            final GanSnapshot newest = before.isEmpty() ? null : before.get(0);
            final ScoreMap direct = newest == null ? null : maps.get(newest.version());
            if (direct != null) {
                newest.scoreMaps.entrySet().stream()
                        .filter(entry -> !maps.containsKey(entry.getKey()))
                        .sorted(Map.Entry.<Long, ScoreMap>comparingByKey().reversed())
                        .limit(Math.max(0, MAPS_KEPT - maps.size()))
                        .forEach(entry -> maps.put(entry.getKey(), entry.getValue().then(direct)));
            }
        }
        final Map<String, List<Double>> bySeries = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            bySeries.computeIfAbsent(heldBack.get(i).seriesId(), series -> new ArrayList<>()).add(scores[i]);
        }
        final Map<String, double[]> perSeries = new LinkedHashMap<>();
        bySeries.forEach((series, values) -> perSeries.put(series, DoubleLists.toArray(values)));
        return new GanSnapshot(config, version, createdAt, trainingSteps, generatorLosses, discriminatorLosses, generatorParameters(),
                discriminatorParameters(), realFeatures, perSeries, maps);
    }

    private static boolean allFinite(final double[] values) {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }

    /** The map from the scores of model {@code earlierVersion} to this model's, or null when this model has none. */
    public ScoreMap scoreMapFrom(final long earlierVersion) {
        return scoreMaps.get(earlierVersion);
    }

    /** This model's raw scores of the series' held-back windows, oldest first (empty when it has none). */
    public double[] heldBackScores(final String seriesId) {
        final double[] scores = heldBackScores.get(seriesId);
        return scores == null ? new double[0] : scores.clone();
    }

    private static Map<String, double[]> copyOf(final Map<String, double[]> scores) {
        final Map<String, double[]> copy = new LinkedHashMap<>();
        scores.forEach((series, values) -> copy.put(series, values.clone()));
        return copy;
    }

    public GanConfig config() {
        return config;
    }

    public long version() {
        return version;
    }

    /** Wall-clock time the snapshot was made, ms since the epoch. */
    public long createdAt() {
        return createdAt;
    }

    public long trainingSteps() {
        return trainingSteps;
    }

    /** False for the model as initialised ({@link TrainingRounds#untrained}), which no model hands series over from. */
    public boolean trained() {
        return trainingSteps > 0;
    }

    /** Recent generator losses, oldest first. */
    public List<Double> generatorLosses() {
        return Arrays.stream(generatorLosses).boxed().toList();
    }

    /** Recent discriminator losses, oldest first. */
    public List<Double> discriminatorLosses() {
        return Arrays.stream(discriminatorLosses).boxed().toList();
    }

    float[] generatorParameters() {
        return generator.parameters.flatten();
    }

    float[] discriminatorParameters() {
        return discriminator.parameters.flatten();
    }

    /**
     * How unlike real the discriminator finds each window, from 0 upwards: {@code -log D(x)}, the discriminator's
     * own verdict, plus how far the window's features in the discriminator (its top layer's last hidden state and the
     * state's mean and spread over the steps) lie from those of real windows (Mahalanobis distance within all but the
     * largest tenth of their principal directions, over the square root of the directions kept: about 1 for real
     * windows; it grows in proportion to how far a window departs from them, {@link FeatureStatistics}); and,
     * when the configuration asks for it and the model is trained, {@code model.reconstruction-weight} times how far
     * the closest window the generator is found to make lies from the window ({@link GeneratorInversion}).
     *
     * @param windows windows of {@code double[L*F]}, normalised, step-major; scored as one batch
     */
    public double[] score(final List<double[]> windows) {
        final ScoreParts parts = scoreParts(windows);
        final double[] scores = parts.discriminator().clone();
        for (int i = 0; i < scores.length; i++) {
            scores[i] += parts.featureDistance()[i] + config.reconstructionWeight() * parts.reconstruction()[i];
        }
        return scores;
    }

    /** Both parts of the score; the feature distance is all zeros when the snapshot has no real-window statistics. */
    ScoreParts scoreParts(final List<double[]> windows) {
        final int batch = windows.size();
        if (batch == 0) {
            return new ScoreParts(new double[0], new double[0], new double[0]);
        }
        final float[][] steps = WindowTensor.toSteps(windows, config.windowLength(), config.features());
        final float[][] summary = discriminator.summary(steps, batch);
        final float[] logits = discriminator.output.forward(summary[0], batch);
        final double[] verdict = new double[batch];
        for (int i = 0; i < batch; i++) {
            verdict[i] = Activations.softplus(-logits[i]);
        }
        final double[] distance = realFeatures == null ? new double[batch] : realFeatures.distances(features(summary, batch));
        final double[] reconstruction = config.reconstructs() && trained()
                ? new GeneratorInversion(generator, config.reconstructionSteps()).errors(steps, batch) : new double[batch];
        return new ScoreParts(verdict, distance, reconstruction);
    }

    /** The discriminator's top-layer hidden state after the last step, summed and squared-and-summed over the steps. */
    private float[][] summaries(final List<double[]> windows) {
        return discriminator.summary(WindowTensor.toSteps(windows, config.windowLength(), config.features()), windows.size());
    }

    /** Per window [B][3H]: the top layer's last hidden state, its mean and its standard deviation over the steps. */
    private double[][] features(final float[][] summary, final int batch) {
        final int h = config.hiddenSize();
        final float[] last = summary[0];
        final float[] sum = summary[1];
        final float[] sumOfSquares = summary[2];
        final double steps = config.windowLength();
        final double[][] features = new double[batch][FEATURE_BLOCKS * h];
        for (int j = 0; j < h; j++) {
            for (int b = 0; b < batch; b++) {
                final double mean = sum[j * batch + b] / steps;
                features[b][j] = last[j * batch + b];
                features[b][h + j] = mean;
                features[b][2 * h + j] = Math.sqrt(Math.max(0, sumOfSquares[j * batch + b] / steps - mean * mean));
            }
        }
        return features;
    }

    /** {@code n} generated windows of {@code double[L*F]} in normalised units, from noise seeded with {@code seed}. */
    public List<double[]> generate(final int n, final long seed) {
        if (n == 0) {
            return List.of();
        }
        final float[][] windows = generator.generate(generator.noise(n, new Random(seed)), n);
        return WindowTensor.toWindows(windows, n, config.features());
    }

    /** The snapshot as an Avro record; parameters as little-endian float32, generator first. */
    public ModelSnapshot toRecord(final String modelName) {
        final float[] generatorParameters = generatorParameters();
        final float[] discriminatorParameters = discriminatorParameters();
        final ByteBuffer bytes = ByteBuffer.allocate(4 * (generatorParameters.length + discriminatorParameters.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(generatorParameters).put(discriminatorParameters);
        final Map<String, String> configuration = new LinkedHashMap<>(config.toMap());
        configuration.put(GENERATOR_PARAMETER_COUNT, Integer.toString(generatorParameters.length));
        return ModelSnapshot.newBuilder()
                .setModelName(modelName)
                .setVersion(version)
                .setCreatedAt(createdAt)
                .setTrainingSteps(trainingSteps)
                .setConfiguration(configuration)
                .setParameters(bytes.duplicate())
                .setChecksum(checksum(bytes.duplicate()))
                .setFeatureMean(realFeatures == null ? List.of() : Arrays.stream(realFeatures.mean()).boxed().toList())
                .setFeaturePrecision(realFeatures == null ? List.of() : Arrays.stream(realFeatures.precision()).boxed().toList())
                .setFeatureDirectionsKept(realFeatures == null ? 0 : realFeatures.directionsKept())
                .setGeneratorLosses(Arrays.stream(generatorLosses).boxed().toList())
                .setDiscriminatorLosses(Arrays.stream(discriminatorLosses).boxed().toList())
                .setHeldBackScores(heldBackScoresRecord())
                .setScoreMaps(scoreMapsRecord())
                .build();
    }

    private List<ScoreMapKnots> scoreMapsRecord() {
        return scoreMaps.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new ScoreMapKnots(entry.getKey(), DoubleLists.toList(entry.getValue().from()),
                        DoubleLists.toList(entry.getValue().to())))
                .toList();
    }

    private Map<String, List<Double>> heldBackScoresRecord() {
        final Map<String, List<Double>> record = new LinkedHashMap<>();
        heldBackScores.forEach((series, values) -> record.put(series, DoubleLists.toList(values)));
        return record;
    }

    /** The snapshot as Avro single-object encoded bytes. */
    public byte[] toBytes(final String modelName) {
        try {
            final ByteBuffer buffer = ModelSnapshot.getEncoder().encode(toRecord(modelName));
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode model snapshot", e);
        }
    }

    /**
     * Reads a snapshot from its bytes.
     *
     * @param expected the configuration the caller needs, or null to accept any; shapes must match
     * @throws IllegalArgumentException when the bytes are damaged or the model does not fit {@code expected}
     */
    public static GanSnapshot fromBytes(final byte[] bytes, final GanConfig expected) {
        final ModelSnapshot record;
        try {
            record = DECODER.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Model snapshot cannot be read (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
        return fromRecord(record, expected);
    }

    /**
     * Reads a snapshot from its record.
     *
     * @throws IllegalArgumentException when the record is damaged or the model does not fit {@code expected}
     */
    public static GanSnapshot fromRecord(final ModelSnapshot record, final GanConfig expected) {
        final String name = "Model snapshot '" + record.getModelName() + "' version " + record.getVersion();
        final ByteBuffer parameters = record.getParameters().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long actual = checksum(parameters.duplicate());
        if (actual != record.getChecksum()) {
            throw new IllegalArgumentException(name + " is damaged: its parameters' checksum is " + actual + ", the record says "
                    + record.getChecksum());
        }
        final GanConfig config = GanConfig.fromMap(record.getConfiguration());
        if (expected != null && !expected.sameShapes(config)) {
            throw new IllegalArgumentException(name + " was made for " + config.shapes() + "; this instance needs " + expected.shapes());
        }
        final int generatorCount = new GeneratorNetwork(config, new Random(0)).parameters.size();
        final int discriminatorCount = new DiscriminatorNetwork(config, new Random(0)).parameters.size();
        final String recordedCount = record.getConfiguration().get(GENERATOR_PARAMETER_COUNT);
        if (parameters.remaining() != 4 * (generatorCount + discriminatorCount)
                || recordedCount == null || Integer.parseInt(recordedCount) != generatorCount) {
            throw new IllegalArgumentException(name + " holds " + parameters.remaining() / 4 + " parameters; its configuration ("
                    + config.shapes() + ") needs " + (generatorCount + discriminatorCount));
        }
        final float[] generatorParameters = new float[generatorCount];
        final float[] discriminatorParameters = new float[discriminatorCount];
        parameters.asFloatBuffer().get(generatorParameters).get(discriminatorParameters);
        final FeatureStatistics realFeatures;
        try {
            realFeatures = record.getFeatureMean().isEmpty() ? null
                    : new FeatureStatistics(DoubleLists.toArray(record.getFeatureMean()), DoubleLists.toArray(record.getFeaturePrecision()),
                            record.getFeatureDirectionsKept());
            return new GanSnapshot(config, record.getVersion(), record.getCreatedAt(), record.getTrainingSteps(),
                    DoubleLists.toArray(record.getGeneratorLosses()), DoubleLists.toArray(record.getDiscriminatorLosses()), generatorParameters,
                    discriminatorParameters, realFeatures, heldBackScoresOf(record), scoreMapsOf(record));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is damaged: " + e.getMessage(), e);
        }
    }

    private static Map<String, double[]> heldBackScoresOf(final ModelSnapshot record) {
        final Map<String, double[]> scores = new LinkedHashMap<>();
        record.getHeldBackScores().forEach((series, values) -> scores.put(series, DoubleLists.toArray(values)));
        return scores;
    }

    private static Map<Long, ScoreMap> scoreMapsOf(final ModelSnapshot record) {
        final Map<Long, ScoreMap> maps = new LinkedHashMap<>();
        for (final ScoreMapKnots knots : record.getScoreMaps()) {
            maps.put(knots.getFromVersion(), ScoreMap.of(DoubleLists.toArray(knots.getFromLogScores()), DoubleLists.toArray(knots.getToLogScores())));
        }
        return maps;
    }

    private static long checksum(final ByteBuffer bytes) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }
}
