package io.twinstream.cli;

import io.twinstream.observe.TwinstreamMetrics;
import java.util.Locale;

/** Renders the console progress line from the service's meters; points/s is measured between two calls. */
final class ProgressLine {

    private final TwinstreamMetrics metrics;
    private long lastPoints;
    private long lastNanos = System.nanoTime();

    ProgressLine(final TwinstreamMetrics metrics) {
        this.metrics = metrics;
    }

    /** Points per second since the previous line, and the totals. */
    String next(final String state) {
        final long now = System.nanoTime();
        final long points = metrics.pointsIn();
        final double rate = (points - lastPoints) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastPoints = points;
        lastNanos = now;
        final long version = metrics.modelVersion();
        return String.format(Locale.ROOT, "[%s] points %d (%.0f/s)  windows %d  to training %d  gaps %d  dead letters %d  |  scored %d"
                        + "  anomalies %d  model %s  losses G %.3f D %.3f  rounds %d/%d  synthetic %d",
                state, points, rate, metrics.windowsEmitted(), metrics.windowsSampled(), metrics.seriesGaps(), metrics.deadLetters(),
                metrics.windowsScored(), metrics.anomalies(), version < 0 ? "none yet (warming up)" : "v" + version,
                metrics.generatorLoss(), metrics.discriminatorLoss(), metrics.roundsAccepted(),
                metrics.roundsAccepted() + metrics.roundsRejected(), metrics.syntheticSent());
    }
}
