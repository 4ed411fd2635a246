package io.twinstream.topology;

import io.twinstream.model.GanSnapshot;
import java.util.List;

/** How the score stage turns a micro-batch of windows into raw scores with the current model. */
@FunctionalInterface
public interface WindowScorer {

    /** The service's scorer: the model's own anomaly score. */
    WindowScorer MODEL = GanSnapshot::score;

    /**
     * @param model the model current when the micro-batch started
     * @param windows normalised windows of {@code double[L*F]}
     * @return one raw score per window
     */
    double[] score(GanSnapshot model, List<double[]> windows);
}
