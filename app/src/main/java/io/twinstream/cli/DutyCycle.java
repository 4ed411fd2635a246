package io.twinstream.cli;

import java.util.function.BooleanSupplier;

/**
 * Keeps a loop of work to a share of one core: after each piece of work it pauses in proportion to how long the work
 * took. The trainer runs this way so that, on a small machine, the stream it shares the cores with keeps up; and while
 * the stream is behind (a backlog after downtime or a burst) it yields, keeping to a tenth of its share.
 */
final class DutyCycle {

    /** Longest stretch of a pause between two looks at whether the loop is stopping. */
    private static final long SLICE_NANOS = 50_000_000L;

    /** The share kept while yielding, as a fraction of the share. */
    static final double YIELD_FACTOR = 0.1;

    private final double share;
    private final BooleanSupplier stopping;
    private final BooleanSupplier yielding;
    private volatile long nanos;
    private volatile long nanosYielding;

    /**
     * @param share fraction of the time spent working, in (0, 1]; 1 never pauses
     * @param stopping whether the loop is stopping: a pause ends early once it is (a small share after a long piece of
     *        work makes pauses of minutes, which would hold up a shutdown)
     */
    DutyCycle(final double share, final BooleanSupplier stopping) {
        this(share, stopping, () -> false);
    }

    /**
     * As {@link #DutyCycle(double, BooleanSupplier)}, yielding after each piece of work while {@code yielding} says so:
     * pausing then as for a tenth of the share.
     */
    DutyCycle(final double share, final BooleanSupplier stopping, final BooleanSupplier yielding) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], not " + share);
        }
        this.share = share;
        this.stopping = stopping;
        this.yielding = yielding;
    }

    /** A duty cycle at {@code share} that yields while {@code probe} says the stream is behind (never when it is null). */
    static DutyCycle yieldingTo(final BacklogProbe probe, final double share, final BooleanSupplier stopping) {
        return new DutyCycle(share, stopping, probe == null ? () -> false : probe::behind);
    }

    /** As {@link #DutyCycle(double, BooleanSupplier)}, for a loop whose pauses always run their full length. */
    DutyCycle(final double share) {
        this(share, () -> false);
    }

    /**
     * Runs {@code work}, then pauses so that working time is {@code share} of the whole (a tenth of it while yielding),
     * or until the loop is stopping.
     *
     * @return whether it yielded after this piece of work
     */
    boolean run(final Runnable work) throws InterruptedException {
        final long start = System.nanoTime();
        work.run();
        final long end = System.nanoTime();
        final boolean yieldNow = yielding.getAsBoolean();
        final long pauseEnd = end + pauseNanos(end - start, yieldNow);
        for (long left = pauseEnd - end; left > 0 && !stopping.getAsBoolean(); left = pauseEnd - System.nanoTime()) {
            final long slice = Math.min(left, SLICE_NANOS);
            Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
        }
        final long took = System.nanoTime() - start;
        nanos += took;
        nanosYielding += yieldNow ? took : 0;
        return yieldNow;
    }

    /** The pause after {@code workNanos} of work. */
    long pauseNanos(final long workNanos, final boolean yieldNow) {
        final double kept = yieldNow ? share * YIELD_FACTOR : share;
        return (long) (workNanos * (1 - kept) / kept);
    }

    /** Time spent in the loop so far, working and pausing, ns. */
    long nanos() {
        return nanos;
    }

    /** Time spent in the loop working and pausing for pieces after which it yielded, ns. */
    long nanosYielding() {
        return nanosYielding;
    }
}
