package io.twinstream.scoring;

import java.util.Arrays;

/** A series' most recent raw scores, oldest first; immutable. */
public final class RecentScores {

    private static final RecentScores EMPTY = new RecentScores(new double[0]);

    private final double[] values;

    private RecentScores(final double[] values) {
        this.values = values;
    }

    public static RecentScores empty() {
        return EMPTY;
    }

    /** Scores as stored, oldest first. */
    public static RecentScores of(final double[] values) {
        return new RecentScores(values.clone());
    }

    /** These scores plus {@code score}, keeping the newest {@code capacity}. */
    RecentScores with(final double score, final int capacity) {
        final int keep = Math.min(values.length, capacity - 1);
        final double[] next = new double[keep + 1];
        System.arraycopy(values, values.length - keep, next, 0, keep);
        next[keep] = score;
        return new RecentScores(next);
    }

    /** The newest {@code capacity} of these scores. */
    RecentScores newest(final int capacity) {
        return values.length <= capacity ? this : new RecentScores(Arrays.copyOfRange(values, values.length - capacity, values.length));
    }

    public int size() {
        return values.length;
    }

    /** The scores, oldest first (a copy). */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RecentScores recent && Arrays.equals(values, recent.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
