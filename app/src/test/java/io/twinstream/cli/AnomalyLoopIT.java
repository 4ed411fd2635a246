package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.Anomaly;
import io.twinstream.avro.DataPoint;
import io.twinstream.avro.internal.SeriesState;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.GeneratedPoint;
import io.twinstream.generator.PointGenerator;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import io.twinstream.serde.DoubleLists;
import io.twinstream.topology.StreamsSettings;
import io.twinstream.window.WindowAssembler;
import io.twinstream.window.WindowSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly feed on a real broker: injected anomalies are reported and quiet series are not; a training round with
 * non-finite losses changes nothing; a restart mid-stream scores every window exactly once.
 */
class AnomalyLoopIT {

    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final AvroSerde<Anomaly> ANOMALIES = AvroSerde.of(Anomaly.class);
    private static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    private static final int SERIES = 4;
    private static final int LENGTH = 64;
    private static final int STRIDE = 8;
    private static final long STEP_MS = 300_000L;
    private static final String SPIKED_SERIES = "series-000";

    @TempDir
    Path stateDir;

    private TwinstreamConfig config(final String bootstrapServers, final Map<String, String> more) {
        final Map<String, String> settings = new HashMap<>(Map.ofEntries(
                Map.entry("bootstrap.servers", bootstrapServers), Map.entry("state.dir", stateDir.toString()),
                Map.entry("window.length", Integer.toString(LENGTH)), Map.entry("window.stride", Integer.toString(STRIDE)),
                Map.entry("training.sample-rate", "1.0"), Map.entry("model.hidden-size", "16"), Map.entry("model.layers", "1"),
                Map.entry("model.latent-size", "2"), Map.entry("model.batch-size", "16"), Map.entry("scoring.min-history", "20"),
                Map.entry("scoring.history", "200"), Map.entry("scoring.handover-windows", "50"), Map.entry("scoring.batch-size", "32"),
                Map.entry("scoring.false-alarm-rate", "0.0001")));
        settings.putAll(more);
        return ClusterSetup.prepare(TwinstreamConfig.of(settings));
    }

    @Test
    void shouldReportInjectedAnomaliesNotQuietSeriesAndKeepTheModelWhenARoundIsNotFinite() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = config(broker.bootstrapServers(), Map.of(
                    "trainer.round-windows", "100000", "trainer.min-windows", "100", "trainer.steps-per-round", "50",
                    "trainer.round-interval-ms", "1500", "trainer.reservoir-size", "300", "trainer.held-back", "20",
                    "trainer.tolerance", "10", "synthetic.per-model", "1",
                    // quiet series judged as deployed, on at least the default 100 of their own scores: a tail fitted
                    // on a few dozen calls the largest of a quiet series' windows extreme
                    "scoring.min-history", "100"));
            final SpikedFeed feed = new SpikedFeed(Set.of(1_500L, 1_650L, 1_800L, 1_950L));
            final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
            try (TwinstreamService service = TwinstreamService.start(config, metrics);
                 PointPublisher publisher = new PointPublisher(config, 50_000)) {
                // the full loop: the trainer learns from the stream's windows and the service loads its model
                try (TrainerService trainer = TrainerService.start(config, metrics)) {
                    feed.send(publisher, 600);
                    Feed.waitFor(() -> service.currentModel().get() != null && service.currentModel().get().trained(),
                            "a trained model to be published and loaded");
                    assertNull(trainer.failure());
                }
                final long version = service.currentModel().get().version();
                feed.send(publisher, 1_500);
                final List<WindowScore> scores = TopicReader.read(broker.bootstrapServers(), config.topics().scores(),
                        SERIES * windowsOf(2_100), Duration.ofSeconds(60), Duration.ofSeconds(1), record -> SCORES.decode(record.value()));
                final List<Anomaly> anomalies = TopicReader.read(broker.bootstrapServers(), config.topics().anomalies(), 1,
                        Duration.ofSeconds(10), Duration.ofSeconds(1), record -> ANOMALIES.decode(record.value()));
                for (final long spike : feed.spikeTimes()) {
                    assertTrue(anomalies.stream().anyMatch(anomaly -> SPIKED_SERIES.equals(anomaly.getSeriesId())
                                    && anomaly.getStartTime() <= spike && anomaly.getEndTime() >= spike),
                            "the spike at " + spike + " is reported; reports: " + describe(anomalies) + "; highest calibrated scores: "
                                    + highestScores(scores));
                }
                assertEquals(Set.of(SPIKED_SERIES), anomalies.stream().map(Anomaly::getSeriesId).collect(Collectors.toSet()),
                        "only the spiked series is reported; highest calibrated scores: " + highestScores(scores));

                // a round on windows whose values overflow the network's arithmetic is rejected; scoring goes on as before
                final TwinstreamMetrics trainerMetrics = new TwinstreamMetrics(new SimpleMeterRegistry());
                try (TrainerService trainer = TrainerService.start(config, trainerMetrics)) {
                    sendOverflowingWindows(config, 3_000);
                    Feed.waitFor(() -> trainerMetrics.roundsRejected() >= 1, "a training round to be rejected");
                    assertEquals(0, trainerMetrics.roundsAccepted());
                    assertNull(trainer.failure());
                }
                feed.send(publisher, 100);
                final List<WindowScore> later = TopicReader.read(broker.bootstrapServers(), config.topics().scores(),
                        SERIES * windowsOf(2_200), Duration.ofSeconds(60), Duration.ofSeconds(1), record -> SCORES.decode(record.value()));
                final long phaseStart = PointGenerator.START_TIME + 2_100 * STEP_MS;
                final List<WindowScore> newest = later.stream().filter(score -> score.getEndTime() >= phaseStart).toList();
                assertEquals(SERIES * (windowsOf(2_200) - windowsOf(2_100)), newest.size());
                assertTrue(newest.stream().allMatch(score -> score.getModelVersion() == version && "SCORED".equals(score.getState())),
                        "windows after the rejected round are scored by version " + version);
                assertEquals(version, service.currentModel().get().version());
                assertFalse(service.stopped());
            }
        }
    }

    @Test
    void shouldScoreEveryWindowExactlyOnceAcrossARestartWithTheNewestModel() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = config(broker.bootstrapServers(), Map.of("trainer.enabled", "false"));
            publishModels(config, 2);
            // a series' windows are flagged once its normalisation has settled (32 windows) and it has calibrated (20)
            final SpikedFeed feed = new SpikedFeed(Set.of(550L, 700L, 850L));
            final int pointsPerSeries = 1_000;
            final List<WindowScore> scores;
            final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
            try (PointPublisher publisher = new PointPublisher(config, 1_500)) {
                final AtomicReference<Exception> feedFailure = new AtomicReference<>();
                final Thread sender = new Thread(() -> {
                    try {
                        feed.send(publisher, pointsPerSeries);
                    } catch (Exception e) {
                        feedFailure.set(e);
                    }
                });
                try (TwinstreamService first = TwinstreamService.start(config, metrics)) {
                    sender.start();
                    Feed.waitFor(() -> publisher.sent() >= SERIES * pointsPerSeries / 2 && metrics.windowsScored() > 0, "half the points");
                    assertFalse(first.stopped());
                } // stopped mid-stream; points keep arriving
                try (TwinstreamService second = TwinstreamService.start(config, metrics)) {
                    sender.join();
                    assertNull(feedFailure.get());
                    final int expected = SERIES * windowsOf(pointsPerSeries);
                    scores = TopicReader.read(broker.bootstrapServers(), config.topics().scores(), expected,
                            Duration.ofSeconds(60), Duration.ofSeconds(3), record -> SCORES.decode(record.value()));
                    final Set<String> windows = scores.stream().map(score -> score.getSeriesId() + "@" + score.getEndTime())
                            .collect(Collectors.toSet());
                    assertEquals(expected, windows.size(), "every window scored");
                    assertEquals(expected, scores.size(), "no window scored twice");
                    assertTrue(scores.stream().allMatch(score -> score.getModelVersion() == 2), "all scored by the newest model");
                    assertFalse(second.stopped());
                }
            }
            final List<Anomaly> anomalies = TopicReader.read(broker.bootstrapServers(), config.topics().anomalies(), 1,
                    Duration.ofSeconds(10), Duration.ofSeconds(1), record -> ANOMALIES.decode(record.value()));
            final Map<String, List<Anomaly>> byId = anomalies.stream().collect(Collectors.groupingBy(anomaly -> anomaly.getAnomalyId().toString()));
            for (final long spike : feed.spikeTimes()) {
                assertTrue(anomalies.stream().anyMatch(anomaly -> SPIKED_SERIES.equals(anomaly.getSeriesId())
                        && anomaly.getStartTime() <= spike && anomaly.getEndTime() >= spike), "the spike at " + spike + " is reported: "
                        + describe(anomalies) + "; scores " + scoresAround(scores, spike));
            }
            for (final List<Anomaly> reports : byId.values()) {
                assertEquals(1, reports.stream().filter(Anomaly::getOngoing).count(), "one opening report per anomaly: " + describe(reports));
                assertTrue(reports.stream().filter(report -> !report.getOngoing()).count() <= 1, "at most one closing report: " + describe(reports));
            }
        }
    }

    /** Windows a series of {@code points} points makes. */
    private static int windowsOf(final int points) {
        return (points - LENGTH) / STRIDE + 1;
    }

    /** The generator's quiet data, with two-point spikes (values tripled) in {@link #SPIKED_SERIES} at given point indexes. */
    private static final class SpikedFeed {

        private final PointGenerator generator = new PointGenerator(SERIES, 1, STEP_MS, 0.0, 11);
        private final Set<Long> spikeIndexes;
        private final List<Long> spikeTimes = Collections.synchronizedList(new ArrayList<>());
        private long sent;

        SpikedFeed(final Set<Long> spikeIndexes) {
            this.spikeIndexes = spikeIndexes;
        }

        /** Sends the next {@code pointsPerSeries} points of every series and waits for them to be acknowledged. */
        void send(final PointPublisher publisher, final int pointsPerSeries) throws InterruptedException {
            for (int i = 0; i < SERIES * pointsPerSeries; i++) {
                final GeneratedPoint point = generator.next();
                final long index = sent++ / SERIES;
                final double[] values = point.values().clone();
                if (point.seriesId().equals(SPIKED_SERIES) && (spikeIndexes.contains(index) || spikeIndexes.contains(index - 1))) {
                    values[0] *= 3;
                    if (spikeIndexes.contains(index)) {
                        spikeTimes.add(point.timestamp());
                    }
                }
                publisher.send(point.seriesId(), point.timestamp(), values);
            }
            publisher.flush();
            publisher.checkFailures();
        }

        List<Long> spikeTimes() {
            return List.copyOf(spikeTimes);
        }
    }

    /** Writes windows of the right shape whose values (1e300) overflow float arithmetic to the training-windows topic. */
    private static void sendOverflowingWindows(final TwinstreamConfig config, final int count) throws Exception {
        final List<Double> values = Collections.nCopies(LENGTH, 1e300);
        final List<Long> timestamps = new ArrayList<>();
        for (int t = 0; t < LENGTH; t++) {
            timestamps.add(t * STEP_MS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(StreamsSettings.client(config), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                final Window window = Window.newBuilder().setSeriesId("overflowing").setSequence(i).setStartTime(0)
                        .setEndTime((LENGTH - 1) * STEP_MS).setLength(LENGTH).setFeatures(1).setTimestamps(timestamps).setValues(values)
                        .setRaw(values).setMean(List.of(0.0)).setStd(List.of(1.0)).build();
                producer.send(new ProducerRecord<>(config.topics().trainingWindows(), "overflowing", WINDOWS.encode(window)));
            }
            producer.flush();
        }
    }

    /** Publishes model versions 1 to {@code newest}, briefly trained on real windows of other generated series, to the models topic. */
    private static void publishModels(final TwinstreamConfig config, final int newest) throws Exception {
        final List<double[]> windows = realWindows(config, 600);
        final GanConfig ganConfig = GanConfig.from(config);
        final GanTrainer trainer = new GanTrainer(ganConfig);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(StreamsSettings.client(config), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int version = 1; version <= newest; version++) {
                trainer.step(windows.subList(0, ganConfig.batchSize()));
                final GanSnapshot snapshot = trainer.snapshot(version, System.currentTimeMillis(), windows);
                producer.send(new ProducerRecord<>(config.topics().models(), "twinstream", snapshot.toBytes("twinstream"))).get();
            }
        }
    }

    /** Normalised windows, cut as the window stage cuts them, from {@code pointsPerSeries} quiet points of each of 4 other series. */
    private static List<double[]> realWindows(final TwinstreamConfig config, final int pointsPerSeries) {
        final PointGenerator generator = new PointGenerator(SERIES, 1, STEP_MS, 0.0, 12);
        final WindowAssembler assembler = new WindowAssembler(WindowSettings.from(config));
        final Map<String, SeriesState> states = new HashMap<>();
        final List<double[]> windows = new ArrayList<>();
        for (int i = 0; i < SERIES * pointsPerSeries; i++) {
            final GeneratedPoint point = generator.next();
            final WindowAssembler.Assembly assembly = assembler.accept(states.get(point.seriesId()),
                    new DataPoint(point.seriesId(), point.timestamp(), DoubleLists.toList(point.values())));
            states.put(point.seriesId(), assembly.state());
            if (assembly.window() != null) {
                windows.add(DoubleLists.toArray(assembly.window().getValues()));
            }
        }
        return windows;
    }

    private static String describe(final List<Anomaly> anomalies) {
        return anomalies.stream().map(anomaly -> anomaly.getSeriesId() + " " + anomaly.getStartTime() + ".." + anomaly.getEndTime()
                + (anomaly.getOngoing() ? " open" : " closed")).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String scoresAround(final List<WindowScore> scores, final long time) {
        return scores.stream().filter(score -> SPIKED_SERIES.equals(score.getSeriesId()) && score.getStartTime() <= time + LENGTH * STEP_MS
                        && score.getEndTime() >= time - STRIDE * STEP_MS)
                .map(score -> score.getEndTime() + ": " + score.getRawScore() + " -> " + score.getCalibratedScore() + " " + score.getState())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Double> highestScores(final List<WindowScore> scores) {
        final Map<String, Double> highest = new HashMap<>();
        scores.forEach(score -> highest.merge(score.getSeriesId(), score.getCalibratedScore(), Math::max));
        return highest;
    }
}
