package io.twinstream.scoring;

import java.util.Arrays;

/**
 * A series' most recent raw scores, oldest first, and how many of the newest are a run of unusual ones still going on
 * (which wait before they calibrate); immutable.
 */
public final class RecentScores {

    private static final RecentScores EMPTY = new RecentScores(new double[0], 0);

    private final double[] values;
    private final int waiting;

    private RecentScores(final double[] values, final int waiting) {
        this.values = values;
        this.waiting = waiting;
    }

    public static RecentScores empty() {
        return EMPTY;
    }

    /** Scores as stored, oldest first, none of them waiting. */
    public static RecentScores of(final double[] values) {
        return of(values, 0);
    }

    /** Scores as stored, oldest first, the newest {@code waiting} of them an unusual run still going on. */
    public static RecentScores of(final double[] values, final int waiting) {
        if (waiting < 0 || waiting > values.length) {
            throw new IllegalArgumentException("waiting scores must be from 0 to " + values.length + ", not " + waiting);
        }
        return new RecentScores(values.clone(), waiting);
    }

    /** These scores plus {@code score}, keeping the newest {@code capacity}; the run of unusual ones ends. */
    RecentScores with(final double score, final int capacity) {
        return with(score, capacity, false);
    }

    /**
     * These scores plus {@code score}, keeping the newest {@code capacity}: an unusual score joins the run of unusual
     * ones going on (or starts one), any other ends it.
     */
    RecentScores with(final double score, final int capacity, final boolean unusual) {
        final int keep = Math.min(values.length, capacity - 1);
        final double[] next = new double[keep + 1];
        System.arraycopy(values, values.length - keep, next, 0, keep);
        next[keep] = score;
        return new RecentScores(next, unusual ? Math.min(waiting + 1, next.length) : 0);
    }

    /** These scores, then {@code newer} (whose run of unusual ones goes on), keeping the newest {@code capacity}. */
    RecentScores followedBy(final RecentScores newer, final int capacity) {
        final double[] joined = Arrays.copyOf(values, values.length + newer.values.length);
        System.arraycopy(newer.values, 0, joined, values.length, newer.values.length);
        return new RecentScores(joined, newer.waiting).newest(capacity);
    }

    /** The newest {@code capacity} of these scores. */
    RecentScores newest(final int capacity) {
        return values.length <= capacity ? this
                : new RecentScores(Arrays.copyOfRange(values, values.length - capacity, values.length), Math.min(waiting, capacity));
    }

    public int size() {
        return values.length;
    }

    /** The newest scores that are a run of unusual ones still going on. */
    public int waiting() {
        return waiting;
    }

    /** The scores, oldest first (a copy). */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RecentScores recent && waiting == recent.waiting && Arrays.equals(values, recent.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + waiting;
    }
}
