package io.twinstream.evaluate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.DataPoint;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import io.twinstream.model.RoundValidation;
import io.twinstream.model.WindowReservoir;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import io.twinstream.serde.DoubleLists;
import io.twinstream.topology.CurrentModel;
import io.twinstream.topology.StreamsSettings;
import io.twinstream.topology.TwinstreamTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Replays one series, row by row in time order, through the service's own topology (Kafka Streams' test driver, no
 * broker), with a fresh state, while a trainer learns from the windows the topology sends to training the way the
 * service's trainer does: a round every {@code trainer.round-windows} new windows once {@code trainer.min-windows}
 * are held, checked on held-back windows, and an accepted model goes in through the models topic. Each row's anomaly
 * score is the calibrated score of the window that ends at it (0 while nothing can be flagged). Windows are cut at
 * every row ({@code window.stride} 1), so every row after the first window has a score.
 */
public final class TopologyReplay {

    private static final AvroSerde<DataPoint> POINTS = AvroSerde.of(DataPoint.class);
    private static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final int HELD_BACK_EVERY = 10;
    private static final int REFERENCE_WINDOWS = 256;
    private static final int FLUSH_EVERY_ROWS = 64;

    private final TwinstreamConfig config;

    /** @param config the service's configuration; the replay sets stride 1, its own state directory and at-least-once */
    public TopologyReplay(final TwinstreamConfig config) {
        this.config = config;
    }

    /** What a replay gave: a score per row and how many models were accepted on the way. */
    public record Outcome(double[] scores, int models) {
    }

    /**
     * @param stateDir an empty directory for this replay's state
     * @param timestamps row times, ms, ascending
     * @param values one value per row
     */
    public Outcome replay(final String seriesId, final long[] timestamps, final double[] values, final Path stateDir) {
        final TwinstreamConfig replayConfig = config.with(Map.of(Settings.WINDOW_STRIDE.key(), "1", Settings.STATE_DIR.key(),
                stateDir.toString(), Settings.PROCESSING_GUARANTEE.key(), "at_least_once", Settings.BOOTSTRAP_SERVERS.key(), "replay:9092",
                Settings.MODEL_FEATURES.key(), "1"));
        final GanConfig ganConfig = GanConfig.from(replayConfig);
        final CurrentModel currentModel = new CurrentModel();
        final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
        final Properties props = StreamsSettings.from(replayConfig);
        final Map<Long, Double> scoreByEnd = new HashMap<>();
        int models = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(TwinstreamTopology.buildTopology(replayConfig, metrics, currentModel), props)) {
            final TestInputTopic<String, byte[]> points = driver.createInputTopic(replayConfig.topics().points(), new StringSerializer(),
                    new ByteArraySerializer());
            final TestInputTopic<String, byte[]> modelsTopic = driver.createInputTopic(replayConfig.topics().models(), new StringSerializer(),
                    new ByteArraySerializer());
            final TestOutputTopic<String, byte[]> training = driver.createOutputTopic(replayConfig.topics().trainingWindows(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<String, byte[]> scores = driver.createOutputTopic(replayConfig.topics().scores(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            final Trainer trainer = new Trainer(replayConfig, ganConfig);
            for (int i = 0; i < timestamps.length; i++) {
                points.pipeInput(seriesId, POINTS.encode(new DataPoint(seriesId, timestamps[i], List.of(values[i]))), timestamps[i]);
                if (i % FLUSH_EVERY_ROWS == FLUSH_EVERY_ROWS - 1 || i == timestamps.length - 1) {
                    // let the score stage's time cap pass, then take what came out
                    driver.advanceWallClockTime(Duration.ofMillis(replayConfig.get(Settings.SCORING_MAX_DELAY_MS) + 1));
                    for (final byte[] value : training.readValuesToList()) {
                        trainer.add(WINDOWS.decode(value));
                    }
                    final GanSnapshot model = trainer.roundIfDue();
                    if (model != null) {
                        final String name = replayConfig.get(Settings.MODEL_NAME);
                        modelsTopic.pipeInput(name, model.toBytes(name));
                        models++;
                    }
                    for (final byte[] value : scores.readValuesToList()) {
                        final WindowScore score = SCORES.decode(value);
                        scoreByEnd.put(score.getEndTime(), "SCORED".equals(score.getState()) ? score.getCalibratedScore() : 0.0);
                    }
                }
            }
        }
        final double[] rowScores = new double[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            rowScores[i] = scoreByEnd.getOrDefault(timestamps[i], 0.0);
        }
        return new Outcome(rowScores, models);
    }

    /** The service's training rounds, in this thread. */
    private static final class Trainer {

        private final TwinstreamConfig config;
        private final GanConfig ganConfig;
        private final WindowReservoir reservoir;
        private final RoundValidation validation;
        private GanTrainer trainer;
        private GanSnapshot current;
        private long sinceRound;

        Trainer(final TwinstreamConfig config, final GanConfig ganConfig) {
            this.config = config;
            this.ganConfig = ganConfig;
            this.reservoir = new WindowReservoir(config.get(Settings.TRAINER_RESERVOIR_SIZE), config.get(Settings.TRAINER_HELD_BACK),
                    HELD_BACK_EVERY, ganConfig.seed());
            this.validation = new RoundValidation(config.get(Settings.TRAINER_TOLERANCE));
            this.trainer = new GanTrainer(ganConfig);
        }

        void add(final Window window) {
            reservoir.add(new WindowReservoir.Sample(window.getSeriesId(), DoubleLists.toArray(window.getValues()),
                    DoubleLists.toArray(window.getMean()), DoubleLists.toArray(window.getStd())));
            sinceRound++;
        }

        /** Runs a round when enough new windows have come; the accepted model, or null. */
        GanSnapshot roundIfDue() {
            if (sinceRound < config.get(Settings.TRAINER_ROUND_WINDOWS) || reservoir.trainingSize() < config.get(Settings.TRAINER_MIN_WINDOWS)
                    || reservoir.heldBackSize() < 10) {
                return null;
            }
            sinceRound = 0;
            boolean anyCompleted = false;
            for (int s = 0; s < config.get(Settings.TRAINER_STEPS_PER_ROUND); s++) {
                anyCompleted |= trainer.step(reservoir.batch(ganConfig.batchSize())).completed();
            }
            final long version = current == null ? 1 : current.version() + 1;
            final GanSnapshot candidate = trainer.snapshot(version, 0L,
                    reservoir.sample(REFERENCE_WINDOWS).stream().map(WindowReservoir.Sample::values).toList());
            if (!anyCompleted || !validation.judge(candidate, current, reservoir.heldBack(), version).accepted()) {
                trainer = current == null ? new GanTrainer(ganConfig) : GanTrainer.resume(current);
                return null;
            }
            current = candidate;
            return candidate;
        }
    }
}
