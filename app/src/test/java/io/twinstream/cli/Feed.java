package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.GeneratedPoint;
import io.twinstream.generator.PointGenerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the integration tests do over and over: set up a small, fast loop, send generated points, and wait for
 * something to happen.
 */
final class Feed {

    private Feed() {
    }

    /**
     * A prepared configuration for a quick loop on {@code broker}: windows of 16 every 4 points, all sent to training,
     * a one-layer model of 8, rounds of 20 steps once 100 windows are held, calibration after 10 scores; then
     * {@code settings} on top.
     */
    static TwinstreamConfig smallLoop(final EmbeddedKafkaBroker broker, final Map<String, String> settings) {
        final Map<String, String> all = new HashMap<>(Map.ofEntries(Map.entry("bootstrap.servers", broker.bootstrapServers()),
                Map.entry("window.length", "16"), Map.entry("window.stride", "4"), Map.entry("training.sample-rate", "1.0"),
                Map.entry("model.hidden-size", "8"), Map.entry("model.layers", "1"), Map.entry("model.latent-size", "2"),
                Map.entry("model.batch-size", "16"), Map.entry("trainer.min-windows", "100"), Map.entry("trainer.steps-per-round", "20"),
                Map.entry("trainer.tolerance", "10"), Map.entry("scoring.min-history", "10"), Map.entry("scoring.batch-size", "32")));
        all.putAll(settings);
        return ClusterSetup.prepare(TwinstreamConfig.of(all));
    }

    /** Sends the generator's next {@code count} points and waits until the broker has acknowledged them. */
    static void send(final PointPublisher publisher, final PointGenerator generator, final int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            final GeneratedPoint point = generator.next();
            publisher.send(point.seriesId(), point.timestamp(), point.values());
        }
        publisher.flush();
        publisher.checkFailures();
    }

    /** Polls until {@code condition} holds; fails naming {@code what} after 90 s. */
    static void waitFor(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
