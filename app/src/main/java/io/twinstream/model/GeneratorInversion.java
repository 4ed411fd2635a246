package io.twinstream.model;

/**
 * How well the generator can make each window: the noise that makes the closest window is searched for by Adam steps
 * from zero noise, and what is left is the mean squared difference of the two windows' shapes (each centred on its own
 * mean per feature, since the discriminator the generator learnt against judges shapes). A window like those the
 * generator learnt to make is reached closely; one unlike them is not.
 */
final class GeneratorInversion {

    private static final double LEARNING_RATE = 0.1;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    private final GeneratorNetwork generator;
    private final int steps;

    /** @param steps Adam steps on the noise per window, at least 1 */
    GeneratorInversion(final GeneratorNetwork generator, final int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("generator inversion needs at least 1 step, not " + steps);
        }
        this.generator = generator;
        this.steps = steps;
    }

    /**
     * Each window's reconstruction error after the search: the mean over steps and features of the squared
     * difference of the centred windows. Reads the generator only (safe from any number of threads).
     *
     * @param windows per step [F x B], the windows to reach
     */
    double[] errors(final float[][] windows, final int batch) {
        final GanConfig config = generator.config;
        final int length = windows.length;
        final int features = config.features();
        final float[][] noise = new float[length][config.latentSize() * batch];
        final ParameterSet searched = asParameters(noise);
        final Adam adam = new Adam(searched, LEARNING_RATE, BETA1, BETA2);
        final float scale = 2f / (length * features);
        for (int step = 0; step < steps; step++) {
            final GeneratorNetwork.Pass pass = generator.forward(noise, batch);
            final float[][] residual = centredResidual(pass.windows(), windows, batch, features);
            for (final float[] r : residual) {
                for (int k = 0; k < r.length; k++) {
                    r[k] *= scale;
                }
            }
            adam.update(searched, asParameters(generator.noiseGradient(pass, residual)));
        }
        final float[][] residual = centredResidual(generator.generate(noise, batch), windows, batch, features);
        final double[] errors = new double[batch];
        for (final float[] r : residual) {
            for (int f = 0; f < features; f++) {
                for (int b = 0; b < batch; b++) {
                    final double d = r[f * batch + b];
                    errors[b] += d * d;
                }
            }
        }
        for (int b = 0; b < batch; b++) {
            errors[b] /= length * features;
        }
        return errors;
    }

    /** Per-step arrays as one parameter set, in step order. */
    private static ParameterSet asParameters(final float[][] perStep) {
        final ParameterSet set = new ParameterSet();
        for (int t = 0; t < perStep.length; t++) {
            set.add("step" + t, perStep[t]);
        }
        return set;
    }

    /** Generated minus target, per step [F x B], with each window's mean over the steps taken out per feature. */
    private static float[][] centredResidual(final float[][] generated, final float[][] target, final int batch, final int features) {
        final int length = target.length;
        final float[][] residual = new float[length][];
        final double[] mean = new double[features * batch];
        for (int t = 0; t < length; t++) {
            final float[] r = new float[features * batch];
            for (int k = 0; k < r.length; k++) {
                r[k] = generated[t][k] - target[t][k];
                mean[k] += r[k];
            }
            residual[t] = r;
        }
        for (final float[] r : residual) {
            for (int k = 0; k < r.length; k++) {
                r[k] -= (float) (mean[k] / length);
            }
        }
        return residual;
    }
}
