package io.twinstream.cli;

import io.twinstream.generator.GeneratedPoint;
import io.twinstream.generator.PointGenerator;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the integration tests do over and over: send generated points, and wait for something to happen. */
final class Feed {

    private Feed() {
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
