package io.twinstream.cli;

/**
 * Keeps a loop of work to a share of one core: after each piece of work it pauses in proportion to how long the work
 * took. The trainer runs this way so that, on a small machine, the stream it shares the cores with keeps up.
 */
final class DutyCycle {

    private final double share;

    /** @param share fraction of the time spent working, in (0, 1]; 1 never pauses */
    DutyCycle(final double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], not " + share);
        }
        this.share = share;
    }

    /** Runs {@code work}, then pauses so that working time is {@code share} of the whole. */
    void run(final Runnable work) throws InterruptedException {
        final long start = System.nanoTime();
        work.run();
        final long pauseNanos = (long) ((System.nanoTime() - start) * (1 - share) / share);
        if (pauseNanos > 0) {
            Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
        }
    }
}
