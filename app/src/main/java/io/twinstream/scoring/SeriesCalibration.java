package io.twinstream.scoring;

/**
 * What a series' scores are calibrated on: the model that judges its windows, with that model's recent raw scores,
 * and, while a newer model takes over, the newer model's raw scores gathered so far.
 *
 * @param modelVersion version of the model that judges the series (-1 for none yet)
 * @param recent that model's recent raw scores of the series
 * @param nextVersion version of the model taking over (-1 for none)
 * @param next that model's raw scores of the series so far
 */
public record SeriesCalibration(long modelVersion, RecentScores recent, long nextVersion, RecentScores next) {

    /** A series no model has scored yet. */
    public static final SeriesCalibration NONE = judgedBy(-1, RecentScores.empty());

    /** A series judged by {@code modelVersion}, with no model taking over. */
    static SeriesCalibration judgedBy(final long modelVersion, final RecentScores recent) {
        return new SeriesCalibration(modelVersion, recent, -1, RecentScores.empty());
    }
}
