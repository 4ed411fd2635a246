package io.twinstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * Maximum mean discrepancy between two samples of windows with a Gaussian kernel: near zero when both come from the
 * same distribution, larger the more they differ. Used to tell whether generated windows look like real ones.
 */
public final class MaximumMeanDiscrepancy {

    private MaximumMeanDiscrepancy() {
    }

    /** Length scales of the kernel mixture, as fractions of the bandwidth: coarse and fine differences both count. */
    private static final double[] SCALES = {1.0, 0.5, 0.25};

    /**
     * The unbiased estimate of MMD² between {@code a} and {@code b} (windows as flat arrays of equal length), with a
     * sum of Gaussian kernels of length scale {@code bandwidth}, half and a quarter of it.
     *
     * @param bandwidth the kernel's largest length scale, in the windows' units (see {@link #medianDistance})
     */
    public static double squared(final List<double[]> a, final List<double[]> b, final double bandwidth) {
        double sum = 0;
        for (final double scale : SCALES) {
            final double width = bandwidth * scale;
            final double gamma = 1.0 / (2 * width * width);
            sum += meanKernel(a, a, gamma, true) + meanKernel(b, b, gamma, true) - 2 * meanKernel(a, b, gamma, false);
        }
        return sum;
    }

    /** Most windows of a sample whose pairs {@link #medianDistance} measures (about half a million pairs). */
    static final int MEDIAN_WINDOWS = 1_000;

    /**
     * The median Euclidean distance between windows of a sample, over the pairs of its first {@link #MEDIAN_WINDOWS}:
     * the usual choice of bandwidth (a thousand windows pin the median down; all pairs of a large sample would not fit
     * in memory).
     */
    public static double medianDistance(final List<double[]> sample) {
        final int n = Math.min(sample.size(), MEDIAN_WINDOWS);
        final double[] distances = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distances[k++] = Math.sqrt(squaredDistance(sample.get(i), sample.get(j)));
            }
        }
        Arrays.sort(distances);
        return distances.length == 0 ? 1.0 : Math.max(1e-9, distances[distances.length / 2]);
    }

    private static double meanKernel(final List<double[]> x, final List<double[]> y, final double gamma, final boolean sameSample) {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < y.size(); j++) {
                if (sameSample && i == j) {
                    continue;
                }
                sum += Math.exp(-gamma * squaredDistance(x.get(i), y.get(j)));
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    private static double squaredDistance(final double[] x, final double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            final double d = x[i] - y[i];
            sum += d * d;
        }
        return sum;
    }
}
