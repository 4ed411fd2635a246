package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;

/** Adam over one {@link ParameterSet}, with its own moment estimates and step count. */
final class Adam {

    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final List<float[]> firstMoments = new ArrayList<>();
    private final List<float[]> secondMoments = new ArrayList<>();
    private long steps;

    Adam(final ParameterSet parameters, final double learningRate, final double beta1, final double beta2) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        for (final float[] tensor : parameters.tensors()) {
            firstMoments.add(new float[tensor.length]);
            secondMoments.add(new float[tensor.length]);
        }
    }

    /** One update of {@code parameters} along {@code gradients} (same shapes). */
    void update(final ParameterSet parameters, final ParameterSet gradients) {
        steps++;
        final double correction1 = 1 - Math.pow(beta1, steps);
        final double correction2 = 1 - Math.pow(beta2, steps);
        final double stepSize = learningRate * Math.sqrt(correction2) / correction1;
        for (int i = 0; i < firstMoments.size(); i++) {
            final float[] p = parameters.tensors().get(i);
            final float[] g = gradients.tensors().get(i);
            final float[] m = firstMoments.get(i);
            final float[] v = secondMoments.get(i);
            for (int j = 0; j < p.length; j++) {
                m[j] = (float) (beta1 * m[j] + (1 - beta1) * g[j]);
                v[j] = (float) (beta2 * v[j] + (1 - beta2) * g[j] * g[j]);
                p[j] -= (float) (stepSize * m[j] / (Math.sqrt(v[j]) + EPSILON));
            }
        }
    }
}
