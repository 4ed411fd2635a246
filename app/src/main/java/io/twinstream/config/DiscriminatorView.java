package io.twinstream.config;

/** What the discriminator looks at, and so what the model is best at. */
public enum DiscriminatorView {
    /**
     * Each window centred on its own mean, judged once after its last step: the discriminator judges a window's shape
     * apart from its level, which suits anomaly scoring on seasonal, trending series.
     */
    SHAPE,
    /**
     * Each window as it is, judged after every step: the generator must match levels and every step's dynamics, which
     * suits synthetic sequences.
     */
    SEQUENCE
}
