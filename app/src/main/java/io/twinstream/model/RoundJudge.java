package io.twinstream.model;

import java.util.List;

/** Decides whether a training round's candidate becomes the current model. */
@FunctionalInterface
public interface RoundJudge {

    /**
     * @param current the current model, or null
     * @param heldBack real windows never trained on
     * @param seed seed of the windows the models generate for the comparison
     */
    RoundValidation.Verdict judge(GanSnapshot candidate, GanSnapshot current, List<double[]> heldBack, long seed);
}
