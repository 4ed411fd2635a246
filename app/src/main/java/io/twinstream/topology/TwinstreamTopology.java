package io.twinstream.topology;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.avro.internal.ScoreState;
import io.twinstream.avro.internal.PointEnvelope;
import io.twinstream.avro.internal.SeriesState;
import io.twinstream.config.Settings;
import io.twinstream.config.TopicNames;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.observe.LiveView;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.scoring.AnomalyGrouping;
import io.twinstream.scoring.ScoreCalibration;
import io.twinstream.serde.AvroSerde;
import io.twinstream.serde.Outcome;
import io.twinstream.serde.PointDecodeProcessor;
import io.twinstream.serde.PointReader;
import io.twinstream.serde.SourceRecord;
import io.twinstream.window.TrainingSampler;
import io.twinstream.window.WindowProcessor;
import io.twinstream.window.WindowSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/** Builds the Twinstream topology: points in; training windows, scores, anomalies and dead letters out; models in. */
public final class TwinstreamTopology {

    /** Name of the global store that holds the newest snapshot of each model from the models topic. */
    public static final String MODELS_STORE = "models";

    /** Name of the internal topic that re-keys points whose record key is not their series id. */
    public static final String REKEY_TOPIC = "points-by-series";

    private static final AvroSerde<PointEnvelope> ENVELOPE_SERDE = AvroSerde.of(PointEnvelope.class);
    private static final AvroSerde<SeriesState> STATE_SERDE = AvroSerde.of(SeriesState.class);
    private static final AvroSerde<Window> WINDOW_SERDE = AvroSerde.of(Window.class);
    private static final AvroSerde<DeadLetter> DEAD_LETTER_SERDE = AvroSerde.of(DeadLetter.class);
    private static final AvroSerde<ScoreState> SCORE_STATE_SERDE = AvroSerde.of(ScoreState.class);
    private static final AvroSerde<WindowScore> SCORE_SERDE = AvroSerde.of(WindowScore.class);
    private static final AvroSerde<Anomaly> ANOMALY_SERDE = AvroSerde.of(Anomaly.class);

    private TwinstreamTopology() {
    }

    /** The topology with a model holder of its own (for tests that need not reach it). */
    public static Topology buildTopology(final TwinstreamConfig config, final TwinstreamMetrics metrics) {
        return buildTopology(config, metrics, new CurrentModel());
    }

    /**
     * @param currentModel where this instance's newest model is kept; the models topic fills it, the score stage reads it
     */
    public static Topology buildTopology(final TwinstreamConfig config, final TwinstreamMetrics metrics, final CurrentModel currentModel) {
        return buildTopology(config, metrics, currentModel, WindowScorer.MODEL, LiveView.withDefaultBounds());
    }

    /**
     * @param currentModel where this instance's newest model is kept; the models topic fills it, the score stage reads it
     * @param scorer how the score stage scores a micro-batch ({@link WindowScorer#MODEL} but in benchmarks)
     * @param liveView where the live page's recent windows and scores are kept
     */
    public static Topology buildTopology(final TwinstreamConfig config, final TwinstreamMetrics metrics, final CurrentModel currentModel,
                                         final WindowScorer scorer, final LiveView liveView) {
        final TopicNames topics = config.topics();
        final StreamsBuilder builder = new StreamsBuilder();
        // every instance keeps the newest model of every name, from the compacted models topic
        final GanConfig modelConfig = GanConfig.from(config);
        final String modelName = config.get(Settings.MODEL_NAME);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.models(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
                () -> new ModelLoader(modelName, modelConfig, currentModel, metrics));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ScoreStageProcessor.BUFFER_STORE), Serdes.Long(), WINDOW_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ScoreStageProcessor.STATE_STORE), Serdes.String(), SCORE_STATE_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WindowProcessor.STORE), Serdes.String(), STATE_SERDE));

        // raw bytes in, so that anything unreadable can still be dead-lettered byte for byte
        final PointReader reader = new PointReader(config.get(Settings.INPUT_FORMAT), config.get(Settings.INPUT_MAX_FEATURES));
        final Map<String, KStream<String, Outcome<PointEnvelope>>> decoded = builder
                .stream(topics.points(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("points"))
                .process(() -> new PointDecodeProcessor(reader, metrics), Named.as("decode-points"))
                .split(Named.as("decoded-"))
                .branch((seriesId, outcome) -> outcome.isRejected(), Branched.as("rejected"))
                .branch((seriesId, outcome) -> keyedBySeries(outcome.value()), Branched.as("keyed"))
                .defaultBranch(Branched.as("unkeyed"));

        // a record whose key is not its series id may sit on another series' partition: route it by series id first
        final KStream<String, PointEnvelope> bySeries = decoded.get("decoded-keyed")
                .mapValues(Outcome::value, Named.as("keyed-points"))
                .merge(decoded.get("decoded-unkeyed")
                        .mapValues(Outcome::value, Named.as("unkeyed-points"))
                        .repartition(Repartitioned.with(Serdes.String(), ENVELOPE_SERDE).withName(REKEY_TOPIC)),
                        Named.as("points-by-series-merged"));

        final WindowSettings windowSettings = WindowSettings.from(config);
        final Map<String, KStream<String, Outcome<Window>>> windowed = bySeries
                .process(() -> new WindowProcessor(windowSettings, metrics), Named.as("window-stage"), WindowProcessor.STORE)
                .split(Named.as("windowed-"))
                .branch((seriesId, outcome) -> outcome.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("windows"));

        final KStream<String, Window> windows = windowed.get("windowed-windows").mapValues(Outcome::value, Named.as("windows"))
                .peek((seriesId, window) -> liveView.window(window), Named.as("live-windows"));

        // a deterministic sample of windows feeds the trainer, once each series' normalisation has settled
        final TrainingSampler sampler = new TrainingSampler(config.get(Settings.TRAINING_SAMPLE_RATE));
        final int settleWindows = config.get(Settings.NORMALIZER_SETTLE_WINDOWS);
        windows.filter((seriesId, window) -> window.getSequence() >= settleWindows && sampler.chosen(window), Named.as("sample-for-training"))
                .peek((seriesId, window) -> metrics.windowSampled(), Named.as("count-sampled"))
                .to(topics.trainingWindows(), Produced.with(Serdes.String(), WINDOW_SERDE).withName("training-windows"));

        // every window is scored in micro-batches with the newest model; scores and anomaly reports go out
        final int stride = config.get(Settings.WINDOW_STRIDE);
        final ScoreCalibration calibration = new ScoreCalibration(config.get(Settings.SCORING_FALSE_ALARM_RATE),
                config.get(Settings.SCORING_HISTORY), config.get(Settings.SCORING_MIN_HISTORY), config.get(Settings.SCORING_HANDOVER_WINDOWS),
                (config.get(Settings.SCORING_LAG_POINTS) + stride - 1) / stride, config.get(Settings.SCORING_HOLD_SCORE),
                (config.get(Settings.SCORING_MAX_WAIT_POINTS) + stride - 1) / stride,
                Math.min(config.get(Settings.SCORING_EARLY_HISTORY), config.get(Settings.SCORING_MIN_HISTORY)),
                config.get(Settings.SCORING_EARLY_SEVERITY));
        final int batchSize = config.get(Settings.SCORING_BATCH_SIZE);
        final int sustainPoints = config.get(Settings.SCORING_SUSTAIN_POINTS);
        final AnomalyGrouping grouping = new AnomalyGrouping(AnomalyGrouping.windowsToConfirm(config.get(Settings.SCORING_CONFIRM_POINTS), stride),
                config.get(Settings.SCORING_HOLD_SCORE), sustainPoints == 0 ? 0 : AnomalyGrouping.windowsToConfirm(sustainPoints, stride),
                config.get(Settings.WINDOW_MAX_GAP_MS), config.get(Settings.SCORING_MIN_SEVERITY),
                config.get(Settings.SCORING_UNSETTLED_MIN_SEVERITY),
                config.settledWindows());
        final Duration maxDelay = Duration.ofMillis(config.get(Settings.SCORING_MAX_DELAY_MS));
        final Map<String, KStream<String, SpecificRecord>> scored = windows
                .process(() -> new ScoreStageProcessor(currentModel, scorer, calibration, grouping, settleWindows, batchSize, maxDelay,
                        config.get(Settings.WINDOW_MAX_GAP_MS), config.get(Settings.WINDOW_LENGTH), metrics), Named.as("score-stage"),
                        ScoreStageProcessor.BUFFER_STORE, ScoreStageProcessor.STATE_STORE)
                .split(Named.as("scored-"))
                .branch((seriesId, output) -> output instanceof Anomaly, Branched.as("anomalies"))
                .defaultBranch(Branched.as("scores"));
        scored.get("scored-scores").mapValues(output -> (WindowScore) output, Named.as("window-scores"))
                .peek((seriesId, score) -> liveView.score(score), Named.as("live-scores"))
                .to(topics.scores(), Produced.with(Serdes.String(), SCORE_SERDE).withName("scores"));
        scored.get("scored-anomalies").mapValues(output -> (Anomaly) output, Named.as("anomaly-reports"))
                .peek((seriesId, anomaly) -> liveView.anomaly(anomaly), Named.as("live-anomalies"))
                .to(topics.anomalies(), Produced.with(Serdes.String(), ANOMALY_SERDE).withName("anomalies"));

        // every rejected record, from either stage, goes out with its original key bytes and the reason
        decoded.get("decoded-rejected").mapValues(Outcome::rejection, Named.as("unreadable-points"))
                .merge(windowed.get("windowed-rejected").mapValues(Outcome::rejection, Named.as("refused-points")), Named.as("rejections"))
                .peek((key, deadLetter) -> metrics.deadLetter(deadLetter.getReason()), Named.as("count-dead-letters"))
                .map((key, deadLetter) -> KeyValue.pair(SourceRecord.copyOf(deadLetter.getOriginalKey()), deadLetter), Named.as("original-keys"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), DEAD_LETTER_SERDE).withName("dead-letters"));

        return builder.build();
    }

    private static boolean keyedBySeries(final PointEnvelope envelope) {
        final byte[] key = SourceRecord.copyOf(envelope.getOriginalKey());
        return key != null && Arrays.equals(key, envelope.getPoint().getSeriesId().getBytes(StandardCharsets.UTF_8));
    }
}
