package io.twinstream.evaluate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.Anomaly;
import io.twinstream.avro.DataPoint;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.TrainingRounds;
import io.twinstream.model.WindowReservoir;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import io.twinstream.serde.DoubleLists;
import io.twinstream.topology.CurrentModel;
import io.twinstream.topology.StreamsSettings;
import io.twinstream.topology.TwinstreamTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * service's trainer does: the untrained model once {@code trainer.untrained-model-windows} are held, the first round once
 * {@code trainer.min-windows} are, then a round every
 * {@code trainer.round-windows} new windows, each checked on held-back windows; an accepted model goes in through the
 * models topic. Windows are cut at every row ({@code window.stride} 1). A row is flagged when the window its point cut
 * is; its anomaly score is that window's calibrated score (0 while warming up), except that flagged rows
 * are held at the flag threshold, and the row where the service reports an anomaly opening (once
 * {@code scoring.confirm-points} confirm it, or {@code scoring.sustain-points} sustain it) has
 * {@code threshold + (1 - threshold) * s / (1 + s)}, {@code s} being the anomaly's severity (the raw score of that
 * window over its series' median one): above the threshold there is one row per reported anomaly, as the anomalies
 * topic has one opening report, and reported anomalies rank in the order of their severities above every other row,
 * whether or not one of their windows was flagged. The severity ranks anomalies of different series alike, where
 * their calibrated scores, all in the extreme tail, hardly differ.
 */
public final class TopologyReplay {

    private static final AvroSerde<DataPoint> POINTS = AvroSerde.of(DataPoint.class);
    private static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final AvroSerde<Anomaly> ANOMALIES = AvroSerde.of(Anomaly.class);
    private static final int FLUSH_EVERY_ROWS = 64;

    private final TwinstreamConfig config;

    /** @param config the service's configuration; the replay sets stride 1, its own state directory and at-least-once */
    public TopologyReplay(final TwinstreamConfig config) {
        this.config = config;
    }

    /**
     * What a replay gave: a score per row, which rows are detections (part of a reported anomaly), and how many models were accepted on the way; per
     * row also the raw and calibrated score of the window its point cut, the version of the model that judged it (NaN,
     * NaN and -1 where no model scored it) and whether the window was flagged (reported or not).
     */
    public record Outcome(double[] scores, boolean[] detected, int models, double[] rawScores, double[] calibratedScores, long[] modelVersions,
                          boolean[] windowsFlagged) {
    }

    /**
     * @param stateDir an empty directory for this replay's state
     * @param timestamps row times, ms, in the file's order: ascending, but for a row that comes late, which the window
     *        stage takes into its place
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
        final List<WindowScore> windowScores = new ArrayList<>(); // in the order of their windows
        final List<Onset> onsets = new ArrayList<>();
        final Map<String, Long> startedAt = new HashMap<>(); // per anomaly id, the start of its first window
        final Map<String, Long> closedAt = new HashMap<>(); // per anomaly id, the end of its last window, once closed
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
            final TestOutputTopic<String, byte[]> anomalies = driver.createOutputTopic(replayConfig.topics().anomalies(),
                    new StringDeserializer(), new ByteArrayDeserializer());
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
                        windowScores.add(score);
                    }
                    for (final byte[] value : anomalies.readValuesToList()) {
                        final Anomaly anomaly = ANOMALIES.decode(value);
                        if (anomaly.getOngoing()) {
                            onsets.add(new Onset(anomaly.getEndTime(), anomaly.getRawScore(), shareOf(anomaly.getSeverity())));
                            startedAt.put(anomaly.getAnomalyId(), anomaly.getStartTime());
                        } else {
                            closedAt.put(anomaly.getAnomalyId(), anomaly.getEndTime());
                        }
                    }
                }
            }
        }
        final double[] rowScores = new double[timestamps.length];
        final boolean[] flagged = new boolean[timestamps.length];
        final double[] rawScores = new double[timestamps.length];
        final double[] calibratedScores = new double[timestamps.length];
        final long[] modelVersions = new long[timestamps.length];
        Arrays.fill(rawScores, Double.NaN);
        Arrays.fill(calibratedScores, Double.NaN);
        Arrays.fill(modelVersions, -1);
        final WindowScore[] byRow = byRow(timestamps, windowScores);
        final double[] onsetShares = onsetShares(timestamps, byRow, onsets);
        for (int i = 0; i < timestamps.length; i++) {
            final WindowScore score = byRow[i];
            if (score != null && score.getModelVersion() >= 0) {
                rawScores[i] = score.getRawScore();
                calibratedScores[i] = score.getCalibratedScore();
                modelVersions[i] = score.getModelVersion();
            }
            if (score == null || !"SCORED".equals(score.getState())) {
                continue;
            }
            flagged[i] = score.getFlagged();
            final double threshold = score.getThreshold();
            rowScores[i] = !Double.isNaN(onsetShares[i]) ? threshold + (1 - threshold) * onsetShares[i]
                    : score.getFlagged() ? threshold : score.getCalibratedScore();
        }
        final Map<Long, Long> windowEnds = new HashMap<>(); // the end of each window scored, by its start
        windowScores.forEach(score -> windowEnds.put(score.getStartTime(), score.getEndTime()));
        final List<long[]> reported = new ArrayList<>();
        startedAt.forEach((id, start) -> {
            final Long firstEnd = windowEnds.get(start);
            if (firstEnd == null) {
                throw new IllegalStateException("Anomaly " + id + " starts at " + start + ", where no window scored starts");
            }
            reported.add(new long[] {firstEnd, closedAt.getOrDefault(id, Long.MAX_VALUE)});
        });
        return new Outcome(rowScores, reported(timestamps, reported), models, rawScores, calibratedScores, modelVersions, flagged);
    }

    /**
     * An anomaly's opening report: the end of the window it was reported at, that window's raw score, and the anomaly's
     * severity as {@link #shareOf its share}.
     */
    record Onset(long endTime, double rawScore, double share) {
    }

    /**
     * The score of the window each row's point cut (null where it cut none), from the window scores in the order of
     * their windows. A window ends at its series' newest point, so the window a row cuts ends at the newest time of the
     * rows up to it ({@link #newestTimes}): its own time, unless the row came late (a series may repeat a stretch of
     * time, as NAB's machine temperature series repeats an hour). The rows of one newest time take its windows in
     * order, the last of them when there are fewer windows than rows (the first rows of a series cut none).
     */
    static WindowScore[] byRow(final long[] timestamps, final List<WindowScore> windowScores) {
        final long[] newest = newestTimes(timestamps);
        final WindowScore[] byRow = new WindowScore[timestamps.length];
        int next = 0;
        for (int first = 0; first < newest.length; ) {
            int end = first;
            while (end < newest.length && newest[end] == newest[first]) {
                end++;
            }
            int windows = 0;
            while (next + windows < windowScores.size() && windowScores.get(next + windows).getEndTime() == newest[first]) {
                windows++;
            }
            if (windows > end - first) {
                throw new IllegalStateException(windows + " windows end at " + newest[first] + ", which " + (end - first) + " row(s) reach");
            }
            for (int w = 0; w < windows; w++) {
                byRow[end - windows + w] = windowScores.get(next + w);
            }
            next += windows;
            first = end;
        }
        if (next < windowScores.size()) {
            throw new IllegalStateException("A window ends at " + windowScores.get(next).getEndTime() + ", which no row reaches in order");
        }
        return byRow;
    }

    /**
     * Per row, the share of the anomaly reported at the window it cut (NaN where none was): of the rows whose windows end
     * at an opening report's time, the one whose window has the report's raw score, so that a report counts once.
     */
    static double[] onsetShares(final long[] timestamps, final WindowScore[] byRow, final List<Onset> onsets) {
        final long[] newest = newestTimes(timestamps);
        final double[] shares = new double[timestamps.length];
        Arrays.fill(shares, Double.NaN);
        for (final Onset onset : onsets) {
            final int first = firstRowAt(newest, onset.endTime());
            int row = first;
            while (row < newest.length && newest[row] == onset.endTime()
                    && (byRow[row] == null || byRow[row].getRawScore() != onset.rawScore() || !Double.isNaN(shares[row]))) {
                row++;
            }
            shares[row < newest.length && newest[row] == onset.endTime() ? row : first] = onset.share();
        }
        return shares;
    }

    /** Per row, the newest time of the rows up to it: where the window its point cuts ends. */
    static long[] newestTimes(final long[] timestamps) {
        final long[] newest = new long[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            newest[i] = i == 0 ? timestamps[0] : Math.max(newest[i - 1], timestamps[i]);
        }
        return newest;
    }

    /** The first row whose newest time is {@code time}; refused when there is none. */
    private static int firstRowAt(final long[] newest, final long time) {
        int low = 0;
        int high = newest.length;
        while (low < high) {
            final int middle = (low + high) >>> 1;
            if (newest[middle] < time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        if (low >= newest.length || newest[low] != time) {
            throw new IllegalStateException("A window ends at " + time + ", which is no row's time");
        }
        return low;
    }

    /** A reported anomaly's severity {@code s} as the share of the way from the threshold to 1 its row scores: s / (1 + s). */
    static double shareOf(final double severity) {
        return severity / (1 + severity);
    }

    /** The severity whose row scores {@code share} of the way from the threshold to 1 (the inverse of {@link #shareOf}). */
    static double severityOf(final double share) {
        return share / (1 - share);
    }

    /**
     * The rows that belong to a reported anomaly: from the first row whose window ends where its first window does to
     * the last row it spans, as its closing report says.
     *
     * @param anomalies per reported anomaly, the end time of its first window and the end time of its last window
     *        ({@code Long.MAX_VALUE} while it is still open)
     */
    static boolean[] reported(final long[] timestamps, final List<long[]> anomalies) {
        final long[] newest = newestTimes(timestamps);
        final boolean[] reported = new boolean[timestamps.length];
        for (final long[] anomaly : anomalies) {
            final int first = firstRowAt(newest, anomaly[0]);
            int last = first;
            while (last + 1 < newest.length && newest[last + 1] <= anomaly[1]) {
                last++;
            }
            Arrays.fill(reported, first, last + 1, true);
        }
        return reported;
    }

    /** The service's training rounds, in this thread, at a full core. */
    private static final class Trainer {

        private final TwinstreamConfig config;
        private final WindowReservoir reservoir;
        private final TrainingRounds rounds;
        private long sinceRound;
        private boolean untrainedSent;

        Trainer(final TwinstreamConfig config, final GanConfig ganConfig) {
            this.config = config;
            this.reservoir = WindowReservoir.forTrainer(config, ganConfig.seed());
            this.rounds = TrainingRounds.forTrainer(config, ganConfig, null);
        }

        void add(final Window window) {
            reservoir.add(new WindowReservoir.Sample(window.getSeriesId(), DoubleLists.toArray(window.getValues()),
                    DoubleLists.toArray(window.getMean()), DoubleLists.toArray(window.getStd())));
            sinceRound++;
        }

        /**
         * The untrained model once the reservoir holds {@code trainer.untrained-model-windows}, as the service's trainer
         * publishes it; then a round when enough new windows have come, or, before the first trained model, as soon as
         * the reservoir holds {@code trainer.min-windows} (the service's round interval would start one then: rows come
         * faster here than in real time); the model to publish, or null.
         */
        GanSnapshot roundIfDue() {
            if (!untrainedSent && rounds.untrainedDue(reservoir, config.get(Settings.TRAINER_UNTRAINED_WINDOWS))) {
                untrainedSent = true;
                return rounds.untrained(reservoir, 0L);
            }
            final boolean due = sinceRound >= config.get(Settings.TRAINER_ROUND_WINDOWS) || rounds.current() == null && sinceRound > 0;
            if (!due || !reservoir.holds(config.get(Settings.TRAINER_MIN_WINDOWS))) {
                return null;
            }
            sinceRound = 0;
            try {
                final TrainingRounds.Outcome outcome = rounds.run(reservoir, config.get(Settings.TRAINER_STEPS_PER_ROUND), 0L, Runnable::run,
                        () -> true);
                return outcome.accepted() ? outcome.candidate() : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while training", e);
            }
        }
    }
}
