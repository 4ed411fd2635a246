package io.twinstream.window;

import io.twinstream.serde.DoubleLists;
import io.twinstream.avro.Window;
import io.twinstream.avro.internal.SeriesState;
import java.util.ArrayList;
import java.util.List;

/**
 * The working copy of one series' state while a point is applied: the last (at most L) points in time order, the
 * normaliser and the counters. Loaded from and saved to the {@link SeriesState} kept in the store.
 */
final class SeriesBuffer {

    private final int capacity;
    private final int features;
    private final long[] timestamps;
    private final double[] values; // step-major, series units: [capacity * features]
    private int size;
    private long lastTimestamp;
    private int sinceEmit;
    private long windowsEmitted;
    private final SeriesNormalizer normalizer;

    private SeriesBuffer(final int capacity, final int features, final SeriesNormalizer normalizer) {
        this.capacity = capacity;
        this.features = features;
        this.timestamps = new long[capacity];
        this.values = new double[capacity * features];
        this.normalizer = normalizer;
        this.lastTimestamp = Long.MIN_VALUE;
    }

    static SeriesBuffer empty(final int capacity, final int features, final int horizon) {
        return new SeriesBuffer(capacity, features, SeriesNormalizer.fresh(horizon, features));
    }

    static SeriesBuffer load(final SeriesState state, final int capacity, final int horizon) {
        final int features = state.getFeatures();
        final SeriesBuffer buffer = new SeriesBuffer(capacity, features, new SeriesNormalizer(horizon,
                state.getNormalizerCount(), DoubleLists.toArray(state.getMean()), DoubleLists.toArray(state.getVariance())));
        final List<Long> storedTimes = state.getTimestamps();
        final List<Double> storedValues = state.getValues();
        // a smaller window.length than before keeps the newest points
        final int skip = Math.max(0, storedTimes.size() - capacity);
        for (int i = skip; i < storedTimes.size(); i++) {
            buffer.timestamps[buffer.size] = storedTimes.get(i);
            for (int f = 0; f < features; f++) {
                buffer.values[buffer.size * features + f] = storedValues.get(i * features + f);
            }
            buffer.size++;
        }
        buffer.lastTimestamp = state.getLastTimestamp();
        buffer.sinceEmit = state.getSinceEmit();
        buffer.windowsEmitted = state.getWindowsEmitted();
        return buffer;
    }

    SeriesState save() {
        final List<Long> storedTimes = new ArrayList<>(size);
        final List<Double> storedValues = new ArrayList<>(size * features);
        for (int i = 0; i < size; i++) {
            storedTimes.add(timestamps[i]);
            for (int f = 0; f < features; f++) {
                storedValues.add(values[i * features + f]);
            }
        }
        return SeriesState.newBuilder()
                .setFeatures(features)
                .setLastTimestamp(lastTimestamp)
                .setTimestamps(storedTimes)
                .setValues(storedValues)
                .setSinceEmit(sinceEmit)
                .setWindowsEmitted(windowsEmitted)
                .setNormalizerCount(normalizer.count())
                .setMean(DoubleLists.toList(normalizer.mean()))
                .setVariance(DoubleLists.toList(normalizer.variance()))
                .build();
    }

    /** Drops the buffered points (the normaliser's long-horizon statistics stay). */
    void clearPoints() {
        size = 0;
        sinceEmit = 0;
    }

    /** Adds a point in time order (after any point with the same timestamp); beyond capacity the oldest goes. */
    void insert(final long timestamp, final double[] point) {
        int at = size;
        while (at > 0 && timestamps[at - 1] > timestamp) {
            at--;
        }
        if (size == capacity) {
            if (at == 0) {
                throw new IllegalArgumentException("A point at " + timestamp + " is older than every point of a full buffer (from "
                        + timestamps[0] + "); the window stage refuses it before this");
            }
            System.arraycopy(timestamps, 1, timestamps, 0, capacity - 1);
            System.arraycopy(values, features, values, 0, (capacity - 1) * features);
            size--;
            at--;
        }
        System.arraycopy(timestamps, at, timestamps, at + 1, size - at);
        System.arraycopy(values, at * features, values, (at + 1) * features, (size - at) * features);
        timestamps[at] = timestamp;
        System.arraycopy(point, 0, values, at * features, features);
        size++;
        lastTimestamp = Math.max(lastTimestamp, timestamp);
    }

    /** The buffered points as a window, normalised with the current statistics. */
    Window toWindow(final String seriesId) {
        final List<Long> times = new ArrayList<>(size);
        final List<Double> raw = new ArrayList<>(size * features);
        final List<Double> normalised = new ArrayList<>(size * features);
        for (int i = 0; i < size; i++) {
            times.add(timestamps[i]);
            for (int f = 0; f < features; f++) {
                final double value = values[i * features + f];
                raw.add(value);
                normalised.add(normalizer.normalize(f, value));
            }
        }
        return Window.newBuilder()
                .setSeriesId(seriesId)
                .setSequence(windowsEmitted)
                .setStartTime(timestamps[0])
                .setEndTime(timestamps[size - 1])
                .setLength(size)
                .setFeatures(features)
                .setTimestamps(times)
                .setValues(normalised)
                .setRaw(raw)
                .setMean(DoubleLists.toList(normalizer.mean()))
                .setStd(DoubleLists.toList(normalizer.stds()))
                .build();
    }

    int size() {
        return size;
    }

    int features() {
        return features;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    int sinceEmit() {
        return sinceEmit;
    }

    void countPointSinceEmit() {
        sinceEmit++;
    }

    void markEmitted() {
        sinceEmit = 0;
        windowsEmitted++;
    }

    SeriesNormalizer normalizer() {
        return normalizer;
    }
}
