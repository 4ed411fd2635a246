package io.twinstream.cli;

import java.util.function.BooleanSupplier;

/**
 * Keeps a loop of work to a share of one core: after each piece of work it pauses in proportion to how long the work
 * took. The trainer runs this way so that, on a small machine, the stream it shares the cores with keeps up.
 */
final class DutyCycle {

    /** Longest stretch of a pause between two looks at whether the loop is stopping. */
    private static final long SLICE_NANOS = 50_000_000L;

    private final double share;
    private final BooleanSupplier stopping;

    /**
     * @param share fraction of the time spent working, in (0, 1]; 1 never pauses
     * @param stopping whether the loop is stopping: a pause ends early once it is (a small share after a long piece of
     *        work makes pauses of minutes, which would hold up a shutdown)
     */
    DutyCycle(final double share, final BooleanSupplier stopping) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], not " + share);
        }
        this.share = share;
        this.stopping = stopping;
    }

    /** As {@link #DutyCycle(double, BooleanSupplier)}, for a loop whose pauses always run their full length. */
    DutyCycle(final double share) {
        this(share, () -> false);
    }

    /** Runs {@code work}, then pauses so that working time is {@code share} of the whole, or until the loop is stopping. */
    void run(final Runnable work) throws InterruptedException {
        final long start = System.nanoTime();
        work.run();
        final long end = System.nanoTime();
        final long pauseEnd = end + (long) ((end - start) * (1 - share) / share);
        for (long left = pauseEnd - end; left > 0 && !stopping.getAsBoolean(); left = pauseEnd - System.nanoTime()) {
            final long slice = Math.min(left, SLICE_NANOS);
            Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
        }
    }
}
