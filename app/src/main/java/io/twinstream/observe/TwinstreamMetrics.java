package io.twinstream.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.scoring.ScoreCalibration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own meters, registered once in a {@link MeterRegistry}. Stages call the recording methods; the
 * console progress line and tests read the totals back. No meter is tagged by series id, except the per-series
 * counters of the series a user lists ({@code metrics.series}), so the number of time series stays bounded.
 */
public final class TwinstreamMetrics {

    private final MeterRegistry registry;
    private final Counter pointsIn;
    private final Counter windowsEmitted;
    private final Counter windowsSampled;
    private final Counter seriesGaps;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Counter windowsScored;
    private final Counter windowsUnscored;
    private final Counter anomalies;
    private final Counter modelsRefused;
    private final AtomicLong modelVersion = new AtomicLong(-1);
    private final Counter roundsAccepted;
    private final Counter roundsRejected;
    private final Counter syntheticSent;
    private final Counter stepsFull;
    private final Counter stepsYielding;
    private final Map<ScoreCalibration.ModelChange, Counter> seriesModelChanges = new EnumMap<>(ScoreCalibration.ModelChange.class);
    private final AtomicLong reservoirSize = new AtomicLong();
    private volatile double generatorLoss = Double.NaN;
    private volatile double discriminatorLoss = Double.NaN;
    private final AtomicLong modelCreatedAt = new AtomicLong(-1);
    private final DistributionSummary scoringBatchSize;
    private final Timer scoringLatency;
    private final Set<String> labelledSeries;
    private final Map<String, Counter[]> seriesCounters = new ConcurrentHashMap<>();

    public TwinstreamMetrics(final MeterRegistry registry) {
        this(registry, Set.of());
    }

    /** @param labelledSeries series whose windows scored and anomalies are also counted per series (a bounded list) */
    public TwinstreamMetrics(final MeterRegistry registry, final Set<String> labelledSeries) {
        this.registry = registry;
        this.labelledSeries = Set.copyOf(labelledSeries);
        this.scoringBatchSize = DistributionSummary.builder("twinstream.scoring.batch.size").baseUnit("windows")
                .description("Windows per scoring micro-batch").serviceLevelObjectives(1, 8, 32, 64, 128, 256, 512, 1024).register(registry);
        this.scoringLatency = Timer.builder("twinstream.scoring.latency").description("Time to score one micro-batch with the model")
                .serviceLevelObjectives(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10),
                        java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(100),
                        java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1))
                .register(registry);
        Gauge.builder("twinstream.model.age", modelCreatedAt, created -> created.get() < 0 ? Double.NaN
                        : (System.currentTimeMillis() - created.get()) / 1000.0)
                .baseUnit("seconds").description("Time since the model in use was made; NaN before the first").register(registry);
        this.pointsIn = Counter.builder("twinstream.points.in").description("Records read from the points topic").register(registry);
        this.windowsEmitted = Counter.builder("twinstream.windows.emitted").description("Windows cut by the window stage").register(registry);
        this.windowsSampled = Counter.builder("twinstream.windows.sampled")
                .description("Windows sent to the training-windows topic").register(registry);
        this.seriesGaps = Counter.builder("twinstream.series.gaps")
                .description("Times a gap in time started a series' window buffer afresh").register(registry);
        this.windowsScored = Counter.builder("twinstream.windows.scored").description("Windows scored by a model").register(registry);
        this.windowsUnscored = Counter.builder("twinstream.windows.unscored")
                .description("Windows passed on unscored: no model yet, or none for their feature count").register(registry);
        this.anomalies = Counter.builder("twinstream.anomalies").description("Anomalies opened (adjacent flagged windows count once)")
                .register(registry);
        this.modelsRefused = Counter.builder("twinstream.models.refused")
                .description("Model snapshots that could not be read or did not fit this instance").register(registry);
        Gauge.builder("twinstream.model.version", modelVersion, AtomicLong::get).description("Version of the model in use; -1 before the first")
                .register(registry);
        this.roundsAccepted = Counter.builder("twinstream.training.rounds").tag("result", "accepted")
                .description("Training rounds, by whether their model was published").register(registry);
        this.roundsRejected = Counter.builder("twinstream.training.rounds").tag("result", "rejected")
                .description("Training rounds, by whether their model was published").register(registry);
        this.syntheticSent = Counter.builder("twinstream.synthetic.sent").description("Synthetic sequences published").register(registry);
        this.stepsFull = Counter.builder("twinstream.training.steps").tag("pace", "full")
                .description("Adversarial training steps, at the trainer's share of a core or yielding to the stream's backlog").register(registry);
        this.stepsYielding = Counter.builder("twinstream.training.steps").tag("pace", "yielding")
                .description("Adversarial training steps, at the trainer's share of a core or yielding to the stream's backlog").register(registry);
        for (final ScoreCalibration.ModelChange how : EnumSet.complementOf(EnumSet.of(ScoreCalibration.ModelChange.NONE))) {
            seriesModelChanges.put(how, Counter.builder("twinstream.series.model.changes").tag("how", how.name().toLowerCase(Locale.ROOT))
                    .description("Series moved to a newer model: handed over, their scores carried over, or warming up again")
                    .register(registry));
        }
        Gauge.builder("twinstream.training.reservoir", reservoirSize, AtomicLong::get).description("Windows the trainer keeps to train on")
                .register(registry);
        Gauge.builder("twinstream.training.loss", this, m -> m.generatorLoss).tag("network", "generator")
                .description("Mean loss of the last training round").register(registry);
        Gauge.builder("twinstream.training.loss", this, m -> m.discriminatorLoss).tag("network", "discriminator")
                .description("Mean loss of the last training round").register(registry);
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

    public void windowsScored(final int count) {
        windowsScored.increment(count);
    }

    public void windowUnscored() {
        windowsUnscored.increment();
    }

    public void anomalyOpened() {
        anomalies.increment();
    }

    /** The model with this version, made at {@code createdAtMs}, is now in use. */
    public void modelLoaded(final long version, final long createdAtMs) {
        modelVersion.set(version);
        modelCreatedAt.set(createdAtMs);
    }

    /** A micro-batch of {@code windows} windows was scored in {@code nanos}. */
    public void scoringBatch(final int windows, final long nanos) {
        scoringBatchSize.record(windows);
        scoringLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a scored window (and an opened anomaly) of {@code seriesId} when that series is one of the labelled ones. */
    public void seriesScored(final String seriesId, final boolean anomalyOpened) {
        if (!labelledSeries.contains(seriesId)) {
            return;
        }
        final Counter[] counters = seriesCounters.computeIfAbsent(seriesId, id -> new Counter[] {
            Counter.builder("twinstream.series.windows.scored").tag("series", id).description("Windows scored, for a listed series")
                    .register(registry),
            Counter.builder("twinstream.series.anomalies").tag("series", id).description("Anomalies opened, for a listed series")
                    .register(registry)});
        counters[0].increment();
        if (anomalyOpened) {
            counters[1].increment();
        }
    }

    /** A series moved to a newer model {@code how} (nothing is counted for {@code NONE}). */
    public void seriesModelChanged(final ScoreCalibration.ModelChange how) {
        final Counter counter = seriesModelChanges.get(how);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Series moved to a newer model {@code how} so far. */
    public long seriesModelChanges(final ScoreCalibration.ModelChange how) {
        final Counter counter = seriesModelChanges.get(how);
        return counter == null ? 0 : (long) counter.count();
    }

    public long scoringBatches() {
        return scoringBatchSize.count();
    }

    /** The largest micro-batch scored so far, in windows. */
    public double largestScoringBatch() {
        return scoringBatchSize.max();
    }

    public void modelRefused() {
        modelsRefused.increment();
    }

    public long windowsScored() {
        return (long) windowsScored.count();
    }

    public long windowsUnscored() {
        return (long) windowsUnscored.count();
    }

    public long anomalies() {
        return (long) anomalies.count();
    }

    public long modelVersion() {
        return modelVersion.get();
    }

    public long modelsRefused() {
        return (long) modelsRefused.count();
    }

    /** A finished training round and its mean losses. */
    public void trainingRound(final boolean accepted, final double meanGeneratorLoss, final double meanDiscriminatorLoss) {
        (accepted ? roundsAccepted : roundsRejected).increment();
        generatorLoss = meanGeneratorLoss;
        discriminatorLoss = meanDiscriminatorLoss;
    }

    /** A training step taken, at the trainer's full share or while it yielded to a backlog ({@code yielding}). */
    public void trainingStep(final boolean yielding) {
        (yielding ? stepsYielding : stepsFull).increment();
    }

    /** Training steps taken so far at the trainer's full share, or while yielding. */
    public long trainingSteps(final boolean yielding) {
        return (long) (yielding ? stepsYielding : stepsFull).count();
    }

    public void reservoirSize(final long size) {
        reservoirSize.set(size);
    }

    public void syntheticSent(final int count) {
        syntheticSent.increment(count);
    }

    public long roundsAccepted() {
        return (long) roundsAccepted.count();
    }

    public long roundsRejected() {
        return (long) roundsRejected.count();
    }

    public long syntheticSent() {
        return (long) syntheticSent.count();
    }

    public double generatorLoss() {
        return generatorLoss;
    }

    public double discriminatorLoss() {
        return discriminatorLoss;
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
