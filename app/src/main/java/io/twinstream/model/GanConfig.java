package io.twinstream.model;

import io.twinstream.config.DiscriminatorView;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes and training settings of one GAN-RNN.
 *
 * @param windowLength time steps L of a window
 * @param features values F per step
 * @param latentSize noise values per step fed to the generator
 * @param hiddenSize LSTM units per layer, in both networks
 * @param layers LSTM layers in each network
 * @param generatorLearningRate Adam step size of the generator
 * @param discriminatorLearningRate Adam step size of the discriminator
 * @param batchSize windows per training batch
 * @param discriminatorSteps discriminator updates per generator update
 * @param seed seed of initialisation and noise
 * @param gradientClip largest global gradient norm per network and update
 * @param realLabel training target of real windows for the discriminator: 1 is plain, below 1 is one-sided label smoothing
 * @param discriminatorView what the discriminator looks at: each window's shape, judged once, or the whole sequence,
 *        judged at every step
 * @param reconstructionSteps Adam steps of the search for the noise that makes each scored window (0: no
 *        reconstruction term in the score)
 * @param reconstructionWeight weight of the reconstruction error in the score
 */
public record GanConfig(int windowLength, int features, int latentSize, int hiddenSize, int layers,
                        double generatorLearningRate, double discriminatorLearningRate, int batchSize,
                        int discriminatorSteps, long seed, double gradientClip, double realLabel, DiscriminatorView discriminatorView,
                        int reconstructionSteps, double reconstructionWeight) {

    public GanConfig {
        require(windowLength >= 2, "windowLength", windowLength, "at least 2");
        require(features >= 1, "features", features, "at least 1");
        require(latentSize >= 1, "latentSize", latentSize, "at least 1");
        require(hiddenSize >= 1, "hiddenSize", hiddenSize, "at least 1");
        require(layers >= 1, "layers", layers, "at least 1");
        require(generatorLearningRate > 0 && generatorLearningRate < 1, "generatorLearningRate", generatorLearningRate, "in (0, 1)");
        require(discriminatorLearningRate > 0 && discriminatorLearningRate < 1, "discriminatorLearningRate",
                discriminatorLearningRate, "in (0, 1)");
        require(batchSize >= 1, "batchSize", batchSize, "at least 1");
        require(discriminatorSteps >= 1, "discriminatorSteps", discriminatorSteps, "at least 1");
        require(gradientClip > 0, "gradientClip", gradientClip, "above 0");
        require(realLabel > 0.5 && realLabel <= 1, "realLabel", realLabel, "in (0.5, 1]");
        require(discriminatorView != null, "discriminatorView", discriminatorView, "set");
        require(reconstructionSteps >= 0, "reconstructionSteps", reconstructionSteps, "at least 0");
        require(reconstructionWeight >= 0 && Double.isFinite(reconstructionWeight), "reconstructionWeight", reconstructionWeight,
                "finite and at least 0");
    }

    /** A configuration with no reconstruction term in the score. */
    public GanConfig(final int windowLength, final int features, final int latentSize, final int hiddenSize, final int layers,
                     final double generatorLearningRate, final double discriminatorLearningRate, final int batchSize,
                     final int discriminatorSteps, final long seed, final double gradientClip, final double realLabel,
                     final DiscriminatorView discriminatorView) {
        this(windowLength, features, latentSize, hiddenSize, layers, generatorLearningRate, discriminatorLearningRate, batchSize,
                discriminatorSteps, seed, gradientClip, realLabel, discriminatorView, 0, 0);
    }

    /** A configuration whose discriminator judges windows' shapes (the service's default), with no reconstruction term. */
    public GanConfig(final int windowLength, final int features, final int latentSize, final int hiddenSize, final int layers,
                     final double generatorLearningRate, final double discriminatorLearningRate, final int batchSize,
                     final int discriminatorSteps, final long seed, final double gradientClip, final double realLabel) {
        this(windowLength, features, latentSize, hiddenSize, layers, generatorLearningRate, discriminatorLearningRate, batchSize,
                discriminatorSteps, seed, gradientClip, realLabel, DiscriminatorView.SHAPE);
    }

    /** The model settings of the service's configuration. */
    public static GanConfig from(final TwinstreamConfig config) {
        return new GanConfig(config.get(Settings.WINDOW_LENGTH), config.get(Settings.MODEL_FEATURES), config.get(Settings.MODEL_LATENT_SIZE),
                config.get(Settings.MODEL_HIDDEN_SIZE), config.get(Settings.MODEL_LAYERS), config.get(Settings.MODEL_GENERATOR_LEARNING_RATE),
                config.get(Settings.MODEL_DISCRIMINATOR_LEARNING_RATE), config.get(Settings.MODEL_BATCH_SIZE),
                config.get(Settings.MODEL_DISCRIMINATOR_STEPS), config.get(Settings.MODEL_SEED), config.get(Settings.MODEL_GRADIENT_CLIP),
                config.get(Settings.MODEL_REAL_LABEL), config.get(Settings.MODEL_DISCRIMINATOR_VIEW),
                config.get(Settings.MODEL_RECONSTRUCTION_STEPS), config.get(Settings.MODEL_RECONSTRUCTION_WEIGHT));
    }

    /** Whether scores carry a reconstruction term. */
    public boolean reconstructs() {
        return reconstructionSteps > 0 && reconstructionWeight > 0;
    }

    /** Multiply-adds of the LSTM layers for one window, counted as 8 x hidden x (inputs + hidden) per step and layer. */
    public double lstmFlopsPerWindow(final int inputs) {
        double perStep = 0;
        for (int layer = 0; layer < layers; layer++) {
            perStep += 8.0 * hiddenSize * ((layer == 0 ? inputs : hiddenSize) + hiddenSize);
        }
        return perStep * windowLength;
    }

    private static void require(final boolean ok, final String field, final Object value, final String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("GAN setting " + field + " is " + value + "; it must be " + allowed);
        }
    }

    /** The settings as text, for a snapshot. */
    public Map<String, String> toMap() {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put("windowLength", Integer.toString(windowLength));
        map.put("features", Integer.toString(features));
        map.put("latentSize", Integer.toString(latentSize));
        map.put("hiddenSize", Integer.toString(hiddenSize));
        map.put("layers", Integer.toString(layers));
        map.put("generatorLearningRate", Double.toString(generatorLearningRate));
        map.put("discriminatorLearningRate", Double.toString(discriminatorLearningRate));
        map.put("batchSize", Integer.toString(batchSize));
        map.put("discriminatorSteps", Integer.toString(discriminatorSteps));
        map.put("seed", Long.toString(seed));
        map.put("gradientClip", Double.toString(gradientClip));
        map.put("realLabel", Double.toString(realLabel));
        map.put("discriminatorView", discriminatorView.name());
        map.put("reconstructionSteps", Integer.toString(reconstructionSteps));
        map.put("reconstructionWeight", Double.toString(reconstructionWeight));
        return map;
    }

    /**
     * The settings read back from {@link #toMap()}.
     *
     * @throws IllegalArgumentException naming the missing or unreadable entry
     */
    public static GanConfig fromMap(final Map<String, String> map) {
        return new GanConfig(intOf(map, "windowLength"), intOf(map, "features"), intOf(map, "latentSize"), intOf(map, "hiddenSize"),
                intOf(map, "layers"), doubleOf(map, "generatorLearningRate"), doubleOf(map, "discriminatorLearningRate"),
                intOf(map, "batchSize"), intOf(map, "discriminatorSteps"), Long.parseLong(text(map, "seed")),
                doubleOf(map, "gradientClip"), doubleOf(map, "realLabel"), viewOf(map),
                map.containsKey("reconstructionSteps") ? intOf(map, "reconstructionSteps") : 0,
                map.containsKey("reconstructionWeight") ? doubleOf(map, "reconstructionWeight") : 0);
    }

    /** Whether a model made with {@code other} has the same shapes (so its parameters fit this configuration). */
    public boolean sameShapes(final GanConfig other) {
        return windowLength == other.windowLength && features == other.features && latentSize == other.latentSize
                && hiddenSize == other.hiddenSize && layers == other.layers;
    }

    /** The shape settings, for messages. */
    public String shapes() {
        return "windowLength=" + windowLength + ", features=" + features + ", latentSize=" + latentSize
                + ", hiddenSize=" + hiddenSize + ", layers=" + layers;
    }

    private static String text(final Map<String, String> map, final String key) {
        final String value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("GAN configuration lacks '" + key + "'");
        }
        return value;
    }

    /** Snapshots made before the view was a setting judged shapes (and before the reconstruction term, scored without it). */
    private static DiscriminatorView viewOf(final Map<String, String> map) {
        final String view = map.getOrDefault("discriminatorView", DiscriminatorView.SHAPE.name());
        try {
            return DiscriminatorView.valueOf(view);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAN configuration 'discriminatorView' is not one of SHAPE, SEQUENCE: " + view, e);
        }
    }

    private static int intOf(final Map<String, String> map, final String key) {
        try {
            return Integer.parseInt(text(map, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GAN configuration '" + key + "' is not an integer: " + map.get(key), e);
        }
    }

    private static double doubleOf(final Map<String, String> map, final String key) {
        try {
            return Double.parseDouble(text(map, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GAN configuration '" + key + "' is not a number: " + map.get(key), e);
        }
    }
}
