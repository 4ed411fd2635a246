package io.twinstream.window;

import io.twinstream.avro.DataPoint;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.avro.Window;
import io.twinstream.avro.internal.SeriesState;
import io.twinstream.serde.Rejection;
import java.util.List;

/**
 * Applies points to a series' state and cuts windows: the window stage's rules, with no Kafka in them.
 *
 * <p>Points are kept in time order; a point up to {@code graceMs} older than the series' newest is accepted into its
 * place, an older one is refused ({@code TOO_LATE}), and so is one older than every point of a full buffer (it could
 * join no window), as is one whose feature count differs from the series' first point ({@code FEATURE_COUNT_CHANGED}). A gap larger than {@code maxGapMs} empties the buffer. Once the buffer holds
 * L points, a window is emitted and then again every {@code stride} points.
 */
public final class WindowAssembler {

    private final WindowSettings settings;

    public WindowAssembler(final WindowSettings settings) {
        this.settings = settings;
    }

    /**
     * What applying one point did.
     *
     * @param state the series' new state (the previous one when the point was refused)
     * @param window the window emitted, or null
     * @param gap whether a gap emptied the buffer before the point was added
     * @param rejection why the point was refused, or null when it was accepted
     */
    public record Assembly(SeriesState state, Window window, boolean gap, Rejection rejection) {
    }

    /**
     * Applies {@code point} to the series' state.
     *
     * @param previous the stored state, or null for a series not seen before
     */
    public Assembly accept(final SeriesState previous, final DataPoint point) {
        final List<Double> pointValues = point.getValues();
        final int features = pointValues.size();
        if (previous != null && previous.getFeatures() != features) {
            return refused(previous, DeadLetterReason.FEATURE_COUNT_CHANGED, "Series '" + point.getSeriesId() + "' has "
                    + previous.getFeatures() + " features per point, this point has " + features);
        }
        if (previous != null && point.getTimestamp() < previous.getLastTimestamp() - settings.graceMs()) {
            return refused(previous, DeadLetterReason.TOO_LATE, "Point of series '" + point.getSeriesId() + "' at "
                    + point.getTimestamp() + " is " + (previous.getLastTimestamp() - point.getTimestamp())
                    + " ms older than the series' newest point; input.grace-ms allows " + settings.graceMs());
        }
        final List<Long> buffered = previous == null ? List.of() : previous.getTimestamps();
        if (buffered.size() >= settings.length() && point.getTimestamp() < buffered.get(buffered.size() - settings.length())) {
            return refused(previous, DeadLetterReason.TOO_LATE, "Point of series '" + point.getSeriesId() + "' at "
                    + point.getTimestamp() + " is older than every point of the series' newest window (" + settings.length()
                    + " points from " + buffered.get(buffered.size() - settings.length()) + "), so it could join no window");
        }
        final SeriesBuffer buffer = previous == null
                ? SeriesBuffer.empty(settings.length(), features, settings.normalizerHorizon())
                : SeriesBuffer.load(previous, settings.length(), settings.normalizerHorizon());
        final boolean gap = buffer.size() > 0 && point.getTimestamp() - buffer.lastTimestamp() > settings.maxGapMs();
        if (gap) {
            buffer.clearPoints();
        }
        final double[] values = new double[features];
        for (int f = 0; f < features; f++) {
            values[f] = pointValues.get(f);
        }
        buffer.insert(point.getTimestamp(), values);
        buffer.normalizer().update(values);
        buffer.countPointSinceEmit();
        Window window = null;
        if (buffer.size() == settings.length() && buffer.sinceEmit() >= settings.stride()) {
            window = buffer.toWindow(point.getSeriesId());
            buffer.markEmitted();
        }
        return new Assembly(buffer.save(), window, gap, null);
    }

    private static Assembly refused(final SeriesState previous, final DeadLetterReason reason, final String message) {
        return new Assembly(previous, null, false, new Rejection(reason, message));
    }
}
