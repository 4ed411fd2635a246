package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.config.DiscriminatorView;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written back-propagation agrees with finite differences of the loss. */
class GradientCheckTest {

    private static final GanConfig TINY = new GanConfig(5, 2, 3, 4, 2, 1e-3, 1e-3, 3, 1, 17, 5.0, 1.0);
    private static final int BATCH = 3;
    private static final float[] TARGETS = {1f, 0f, 1f};

    /** Sum over the batch and the judged steps of binary cross-entropy of the discriminator's logits against {@link #TARGETS}. */
    private static double discriminatorLoss(final DiscriminatorNetwork network, final float[][] windows) {
        double loss = 0;
        for (final float[] logits : network.forward(windows, BATCH).logits()) {
            for (int b = 0; b < BATCH; b++) {
                loss += Activations.binaryCrossEntropy(logits[b], TARGETS[b]);
            }
        }
        return loss;
    }

    /** The loss's gradient with respect to each judged logit. */
    private static float[][] lossGradient(final DiscriminatorNetwork.Pass pass) {
        final float[][] dLogits = new float[pass.logits().length][BATCH];
        for (int j = 0; j < dLogits.length; j++) {
            for (int b = 0; b < BATCH; b++) {
                dLogits[j][b] = (float) (1 / (1 + Math.exp(-pass.logits()[j][b])) - TARGETS[b]);
            }
        }
        return dLogits;
    }

    private static float[][] randomWindows(final Random random) {
        final float[][] windows = new float[TINY.windowLength()][BATCH * TINY.features()];
        for (final float[] step : windows) {
            for (int i = 0; i < step.length; i++) {
                step[i] = (float) random.nextGaussian();
            }
        }
        return windows;
    }

    @ParameterizedTest(name = "{0} view")
    @EnumSource(DiscriminatorView.class)
    void shouldMatchNumericGradientsOfDiscriminatorParametersAndInput(final DiscriminatorView view) {
        final Random random = new Random(3);
        final GanConfig config = new GanConfig(TINY.windowLength(), TINY.features(), TINY.latentSize(), TINY.hiddenSize(), TINY.layers(),
                1e-3, 1e-3, 3, 1, 17, 5.0, 1.0, view);
        final DiscriminatorNetwork network = new DiscriminatorNetwork(config, random);
        final float[][] windows = randomWindows(random);
        final DiscriminatorNetwork.Pass pass = network.forward(windows, BATCH);
        assertEquals(view == DiscriminatorView.SEQUENCE ? TINY.windowLength() : 1, pass.logits().length, "judged steps");
        network.gradients.fill(0f);
        final float[][] dWindows = network.backward(pass, lossGradient(pass), true);

        double worst = 0;
        for (int i = 0; i < network.parameters.tensors().size(); i++) {
            final float[] tensor = network.parameters.tensors().get(i);
            final float[] gradient = network.gradients.tensors().get(i);
            for (int j = 0; j < tensor.length; j += 3) {
                worst = Math.max(worst, relativeError(gradient[j], numeric(tensor, j, () -> discriminatorLoss(network, windows))));
            }
        }
        for (int t = 0; t < windows.length; t++) {
            for (int j = 0; j < windows[t].length; j++) {
                worst = Math.max(worst, relativeError(dWindows[t][j], numeric(windows[t], j, () -> discriminatorLoss(network, windows))));
            }
        }
        assertTrue(worst < 0.02, "worst relative error " + worst);
    }

    @Test
    void shouldMatchNumericGradientsOfGeneratorParametersAndNoiseThroughDiscriminator() {
        final Random random = new Random(5);
        final GeneratorNetwork generator = new GeneratorNetwork(TINY, random);
        final DiscriminatorNetwork discriminator = new DiscriminatorNetwork(TINY, random);
        final float[][] noise = generator.noise(BATCH, random);
        final GeneratorNetwork.Pass generated = generator.forward(noise, BATCH);
        final DiscriminatorNetwork.Pass judged = discriminator.forward(generated.windows(), BATCH);
        discriminator.gradients.fill(0f);
        final float[] discriminatorBefore = discriminator.gradients.flatten();
        generator.gradients.fill(0f);
        final float[][] dWindows = discriminator.backward(judged, lossGradient(judged), false);
        generator.backward(generated, dWindows);
        assertTrue(java.util.Arrays.equals(discriminatorBefore, discriminator.gradients.flatten()), "discriminator held still");
        final float[] generatorGradients = generator.gradients.flatten();
        final float[][] dNoise = generator.noiseGradient(generated, dWindows);
        assertTrue(java.util.Arrays.equals(generatorGradients, generator.gradients.flatten()), "the noise's gradient leaves the parameters' as they were");

        double worst = 0;
        for (int i = 0; i < generator.parameters.tensors().size(); i++) {
            final float[] tensor = generator.parameters.tensors().get(i);
            final float[] gradient = generator.gradients.tensors().get(i);
            for (int j = 0; j < tensor.length; j += 3) {
                worst = Math.max(worst, relativeError(gradient[j],
                        numeric(tensor, j, () -> discriminatorLoss(discriminator, generator.generate(noise, BATCH)))));
            }
        }
        for (int t = 0; t < noise.length; t++) {
            for (int j = 0; j < noise[t].length; j++) {
                worst = Math.max(worst, relativeError(dNoise[t][j],
                        numeric(noise[t], j, () -> discriminatorLoss(discriminator, generator.generate(noise, BATCH)))));
            }
        }
        assertTrue(worst < 0.02, "worst relative error " + worst);
    }

    @Test
    void shouldMatchNumericGradientsOfTheGruLayersParametersAndInput() {
        final Random random = new Random(5);
        final int inputs = 2;
        final int hidden = 3;
        final int steps = 4;
        final GruLayer gru = new GruLayer(inputs, hidden, random);
        final ParameterSet parameters = new ParameterSet();
        final ParameterSet gradients = new ParameterSet();
        gru.register("gru", parameters, gradients);
        final float[][] x = new float[steps][inputs * BATCH];
        final float[][] lossWeights = new float[steps][hidden * BATCH]; // loss = sum over steps of lossWeights . h_t
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < lossWeights[t].length; i++) {
                lossWeights[t][i] = (float) random.nextGaussian();
            }
        }
        final java.util.function.DoubleSupplier loss = () -> {
            final float[][] states = gru.forwardHidden(x, BATCH);
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < states[t].length; i++) {
                    sum += lossWeights[t][i] * states[t][i];
                }
            }
            return sum;
        };
        gradients.fill(0f);
        final float[][] dx = gru.backward(gru.forward(x, BATCH), lossWeights, true);
        double worst = 0;
        for (int i = 0; i < parameters.tensors().size(); i++) {
            final float[] tensor = parameters.tensors().get(i);
            final float[] gradient = gradients.tensors().get(i);
            for (int j = 0; j < tensor.length; j++) {
                worst = Math.max(worst, relativeError(gradient[j], numeric(tensor, j, loss)));
            }
        }
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < x[t].length; j++) {
                worst = Math.max(worst, relativeError(dx[t][j], numeric(x[t], j, loss)));
            }
        }
        assertTrue(worst < 0.02, "worst relative error " + worst);
        assertEquals(4, parameters.tensors().size(), "gate and candidate weights and biases");
    }

    private static double numeric(final float[] values, final int index, final java.util.function.DoubleSupplier loss) {
        final float original = values[index];
        final float h = 1e-2f;
        values[index] = original + h;
        final double up = loss.getAsDouble();
        values[index] = original - h;
        final double down = loss.getAsDouble();
        values[index] = original;
        return (up - down) / (2 * h);
    }

    private static double relativeError(final double analytic, final double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-2, Math.abs(analytic) + Math.abs(numeric));
    }
}
