package io.twinstream.cli;

import io.twinstream.generator.GeneratedPoint;
import io.twinstream.generator.PointGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Sends the built-in generator's points through a {@link PointPublisher}, with a small, seeded share of deliberately
 * broken records (garbage bytes, a NaN value, no values) so that the dead-letter path is visible in the demo.
 */
final class GeneratorFeed {

    private final PointGenerator generator;
    private final PointPublisher publisher;
    private final double badRecordRate;
    private final Random random;
    private long broken;

    GeneratorFeed(final PointGenerator generator, final PointPublisher publisher, final double badRecordRate, final long seed) {
        this.generator = generator;
        this.publisher = publisher;
        this.badRecordRate = badRecordRate;
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    /** Sends {@code count} points (0: until interrupted). */
    void run(final long count) throws InterruptedException {
        for (long i = 0; count == 0 || i < count; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            publisher.checkFailures();
            final GeneratedPoint point = generator.next();
            if (badRecordRate > 0 && random.nextDouble() < badRecordRate) {
                sendBroken(point);
            } else {
                publisher.send(point.seriesId(), point.timestamp(), point.values());
            }
        }
    }

    private void sendBroken(final GeneratedPoint point) throws InterruptedException {
        broken++;
        switch ((int) (broken % 3)) {
            case 0 -> publisher.sendRaw(point.seriesId(), "not a data point".getBytes(StandardCharsets.UTF_8));
            case 1 -> {
                final double[] values = point.values().clone();
                values[0] = Double.NaN;
                publisher.send(point.seriesId(), point.timestamp(), values);
            }
            default -> publisher.send(point.seriesId(), point.timestamp(), new double[0]);
        }
    }

    /** Records sent broken on purpose. */
    long broken() {
        return broken;
    }
}
