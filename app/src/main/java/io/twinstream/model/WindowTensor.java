package io.twinstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts between windows as the service carries them ({@code double[L*F]}, step-major: feature f of step t at
 * t*F+f) and the networks' layout (per step t, a feature-major [F x B] {@code float[]}: feature f of window b at f*B+b).
 */
final class WindowTensor {

    private WindowTensor() {
    }

    /** Windows [B][L*F] to per-step arrays float[L][F*B]. */
    static float[][] toSteps(final List<double[]> windows, final int length, final int features) {
        final int batch = windows.size();
        final float[][] steps = new float[length][batch * features];
        for (int b = 0; b < batch; b++) {
            final double[] window = windows.get(b);
            if (window.length != length * features) {
                throw new IllegalArgumentException("window " + b + " has " + window.length + " values; the model takes "
                        + length + " steps x " + features + " features = " + length * features);
            }
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < features; f++) {
                    steps[t][f * batch + b] = (float) window[t * features + f];
                }
            }
        }
        return steps;
    }

    /** Per-step arrays float[L][F*B] back to windows [B][L*F]. */
    static List<double[]> toWindows(final float[][] steps, final int batch, final int features) {
        final int length = steps.length;
        final List<double[]> windows = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            final double[] window = new double[length * features];
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < features; f++) {
                    window[t * features + f] = steps[t][f * batch + b];
                }
            }
            windows.add(window);
        }
        return windows;
    }
}
