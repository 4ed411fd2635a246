package io.twinstream.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.twinstream.avro.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * The service's own meters, registered once in a {@link MeterRegistry}. Stages call the recording methods; the
 * console progress line and tests read the totals back.
 */
public final class TwinstreamMetrics {

    private final MeterRegistry registry;
    private final Counter pointsIn;
    private final Counter windowsEmitted;
    private final Counter windowsSampled;
    private final Counter seriesGaps;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

    public TwinstreamMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.pointsIn = Counter.builder("twinstream.points.in").description("Records read from the points topic").register(registry);
        this.windowsEmitted = Counter.builder("twinstream.windows.emitted").description("Windows cut by the window stage").register(registry);
        this.windowsSampled = Counter.builder("twinstream.windows.sampled")
                .description("Windows sent to the training-windows topic").register(registry);
        this.seriesGaps = Counter.builder("twinstream.series.gaps")
                .description("Times a gap in time started a series' window buffer afresh").register(registry);
        for (final DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("twinstream.dead.letters").description("Records sent to the dead-letter topic")
                    .tag("reason", reason.name()).register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void pointRead() {
        pointsIn.increment();
    }

    public void windowEmitted() {
        windowsEmitted.increment();
    }

    public void windowSampled() {
        windowsSampled.increment();
    }

    public void seriesGap() {
        seriesGaps.increment();
    }

    public void deadLetter(final DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    public long pointsIn() {
        return (long) pointsIn.count();
    }

    public long windowsEmitted() {
        return (long) windowsEmitted.count();
    }

    public long windowsSampled() {
        return (long) windowsSampled.count();
    }

    public long seriesGaps() {
        return (long) seriesGaps.count();
    }

    public long deadLetters(final DeadLetterReason reason) {
        return (long) deadLetters.get(reason).count();
    }

    public long deadLetters() {
        return deadLetters.values().stream().mapToLong(counter -> (long) counter.count()).sum();
    }
}
