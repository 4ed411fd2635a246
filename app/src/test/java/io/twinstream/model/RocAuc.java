package io.twinstream.model;

/** Area under the ROC curve: the chance that a random anomalous score exceeds a random normal one (ties count half). */
final class RocAuc {

    private RocAuc() {
    }

    static double of(final double[] normal, final double[] anomalous) {
        double wins = 0;
        for (final double a : anomalous) {
            for (final double n : normal) {
                wins += a > n ? 1 : a == n ? 0.5 : 0;
            }
        }
        return wins / ((double) normal.length * anomalous.length);
    }
}
