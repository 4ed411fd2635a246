package io.twinstream.generator;

/** The kinds of anomaly the generator injects. */
public enum AnomalyKind {
    /** A short jump far above the normal course (1 to 3 points). */
    SPIKE,
    /** A short drop far below the normal course (1 to 3 points). */
    DIP,
    /** The whole course moves up or down for a while, then returns. */
    LEVEL_SHIFT,
    /** The value freezes: no cycle, no noise. */
    FLATLINE,
    /** The daily cycle runs several times faster. */
    FREQUENCY_CHANGE,
    /** The noise grows several times larger. */
    NOISE_BURST
}
