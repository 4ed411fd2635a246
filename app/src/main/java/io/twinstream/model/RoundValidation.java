package io.twinstream.model;

import java.util.List;

/**
 * Decides whether a round of training produced a model worth publishing: its losses must be finite, and its
 * generated windows must be at least as close to held-back real windows (maximum mean discrepancy) as the current
 * model's, within a tolerance. A rejected round leaves the current model in place.
 */
public final class RoundValidation implements RoundJudge {

    private final double tolerance;

    /** @param tolerance how much larger (as a fraction) the candidate's discrepancy may be than the current model's */
    public RoundValidation(final double tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * The verdict on a candidate.
     *
     * @param accepted whether to publish it
     * @param candidateDiscrepancy MMD² of its generated windows against the held-back ones
     * @param currentDiscrepancy the same for the current model (NaN when there is none)
     * @param reason why, in words
     */
    public record Verdict(boolean accepted, double candidateDiscrepancy, double currentDiscrepancy, String reason) {

        /** Whether the candidate could be measured at all: its losses and its generated windows were finite. */
        public boolean measured() {
            return Double.isFinite(candidateDiscrepancy);
        }
    }

    @Override
    public Verdict judge(final GanSnapshot candidate, final GanSnapshot current, final List<double[]> heldBack, final long seed) {
        if (!allFinite(candidate.generatorLosses()) || !allFinite(candidate.discriminatorLosses())) {
            return new Verdict(false, Double.NaN, Double.NaN, "losses are not finite");
        }
        final double bandwidth = MaximumMeanDiscrepancy.medianDistance(heldBack);
        final double candidateDiscrepancy = MaximumMeanDiscrepancy.squared(candidate.generate(heldBack.size(), seed), heldBack, bandwidth);
        if (!Double.isFinite(candidateDiscrepancy)) {
            return new Verdict(false, candidateDiscrepancy, Double.NaN, "its generated windows are not finite");
        }
        if (current == null) {
            return new Verdict(true, candidateDiscrepancy, Double.NaN, "first model");
        }
        final double currentDiscrepancy = MaximumMeanDiscrepancy.squared(current.generate(heldBack.size(), seed), heldBack, bandwidth);
        final boolean better = candidateDiscrepancy <= currentDiscrepancy + tolerance * Math.abs(currentDiscrepancy);
        return new Verdict(better, candidateDiscrepancy, currentDiscrepancy, better ? "as close to real or closer"
                : "its generated windows are further from real ones than the current model's");
    }

    private static boolean allFinite(final List<Double> values) {
        return values.stream().allMatch(Double::isFinite);
    }
}
