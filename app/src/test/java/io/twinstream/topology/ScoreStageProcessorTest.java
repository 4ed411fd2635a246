package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.avro.internal.ScoreState;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.scoring.AnomalyGrouping;
import io.twinstream.scoring.ScoreCalibration;
import io.twinstream.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The score stage on its own: windows kept in its buffer across a restart when no model loaded now fits them, and scores the model could not compute. */
class ScoreStageProcessorTest {

    private static final int LENGTH = 8;

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
    private final KeyValueStore<Long, Window> buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScoreStageProcessor.BUFFER_STORE),
            Serdes.Long(), AvroSerde.of(Window.class)).withLoggingDisabled().build();
    private final KeyValueStore<String, ScoreState> states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScoreStageProcessor.STATE_STORE),
            Serdes.String(), AvroSerde.of(ScoreState.class)).withLoggingDisabled().build();

    ScoreStageProcessorTest() {
        context.setCurrentSystemTimeMs(1_000);
        buffer.init(context.getStateStoreContext(), buffer);
        states.init(context.getStateStoreContext(), states);
        context.addStateStore(buffer);
        context.addStateStore(states);
    }

    @Test
    void shouldSayWarmingUpForWindowsKeptFromBeforeARestartWhenNoModelHasLoaded() {
        buffer.put(0L, window("a", 0, 1));
        buffer.put(1L, window("b", 0, 1));
        final List<WindowScore> scores = restartAndFlush(new CurrentModel());
        assertEquals(List.of("a", "b"), scores.stream().map(WindowScore::getSeriesId).toList());
        assertEquals(List.of("WARMING_UP", "WARMING_UP"), scores.stream().map(WindowScore::getState).toList());
        assertFalse(scores.stream().anyMatch(WindowScore::getFlagged));
        assertEquals(2, metrics.windowsUnscored());
        assertBufferEmpty();
    }

    @Test
    void shouldSayNoModelForFeaturesForWindowsKeptFromBeforeARestartThatTheModelDoesNotFit() {
        final CurrentModel current = new CurrentModel();
        current.offer(new GanTrainer(GanConfig.from(smallModel())).snapshot(1, 0, List.of()));
        buffer.put(0L, window("a", 0, 2));
        final List<WindowScore> scores = restartAndFlush(current);
        assertEquals(1, scores.size());
        assertEquals("NO_MODEL_FOR_FEATURES", scores.get(0).getState());
        assertBufferEmpty();
    }

    @Test
    void shouldReportANonFiniteScoreAsSuchAndLeaveTheSeriesCalibrationAlone() {
        final CurrentModel current = new CurrentModel();
        current.offer(new GanTrainer(GanConfig.from(smallModel())).snapshot(1, 0, List.of()));
        final ScoreStageProcessor processor = new ScoreStageProcessor(current,
                (model, windows) -> windows.stream().mapToDouble(values -> values[0] > 0 ? Double.NaN : 1.0).toArray(),
                new ScoreCalibration(0.001, 100, 20, 0, 0), new AnomalyGrouping(1, 0.95, 0), 0, 16, Duration.ofMillis(100), 60_000, LENGTH, metrics);
        processor.init(context);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>("a", window("a", 0, 1), 0));
        final Window negative = Window.newBuilder(window("a", 1, 1)).setValues(Collections.nCopies(LENGTH, -0.5)).build();
        processor.process(new org.apache.kafka.streams.processor.api.Record<>("a", negative, 0));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        final List<WindowScore> scores = context.forwarded().stream().map(forwarded -> (WindowScore) forwarded.record().value()).toList();
        assertEquals(List.of("NON_FINITE_SCORE", "WARMING_UP"), scores.stream().map(WindowScore::getState).toList());
        assertTrue(Double.isNaN(scores.get(0).getRawScore()));
        assertEquals(1.0, scores.get(1).getRawScore());
        assertEquals(List.of(1.0), states.get("a").getRecentScores(), "only the finite score calibrates the series");
        assertEquals(1, metrics.windowsUnscored());
        assertEquals(1, metrics.windowsScored(), "the window with a non-finite score is not counted as scored");
    }

    @Test
    void shouldLetAnOpenAnomalyGoOnOverAWindowNoModelCouldScore() {
        final CurrentModel current = new CurrentModel();
        current.offer(new GanTrainer(GanConfig.from(smallModel())).snapshot(1, 0, List.of()));
        states.put("a", ScoreState.newBuilder().setModelVersion(1).setRecentScores(Collections.nCopies(30, 1.0)).setOpenAnomalyId("a@0")
                .setOpenStart(0).setOpenEnd(7_000).setOpenLastSequence(5).setOpenPeak(0.9999).setOpenWindows(3).setOpenUnusual(3)
                .setOpenReported(true).setOpenRawScore(9).setOpenValues(Collections.nCopies(LENGTH, 0.5)).setOpenFeatures(1).setOpenSeenAt(1)
                .build());
        final ScoreStageProcessor processor = new ScoreStageProcessor(current, (model, windows) -> new double[] {Double.NaN},
                new ScoreCalibration(0.001, 100, 20, 0, 0), new AnomalyGrouping(1, 0.95, 0), 0, 16, Duration.ofMillis(100), 60_000, LENGTH, metrics);
        processor.init(context);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>("a", window("a", 6, 1), 0));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        assertEquals(List.of("NON_FINITE_SCORE"), context.forwarded().stream().map(f -> ((WindowScore) f.record().value()).getState()).toList(),
                "a score record and no anomaly report");
        final ScoreState after = states.get("a");
        assertEquals("a@0", after.getOpenAnomalyId());
        assertEquals(6, after.getOpenLastSequence(), "the next window follows the anomaly");
        assertEquals(1_000, after.getOpenSeenAt());
        assertEquals(30, after.getRecentScores().size());
    }

    @Test
    void shouldReportAWindowThePreviousModelJudgesButCannotScoreAsNonFinite() {
        final CurrentModel current = new CurrentModel();
        final GanTrainer trainer = new GanTrainer(GanConfig.from(smallModel()));
        trainer.step(Collections.nCopies(16, new double[LENGTH]));
        final GanSnapshot previous = trainer.snapshot(1, 0, List.of());
        current.offer(previous);
        current.offer(trainer.snapshot(2, 0, List.of()));
        // calibrated on version 1, which judges it until version 2 has calibrated
        states.put("a", ScoreState.newBuilder().setModelVersion(1).setRecentScores(Collections.nCopies(30, 1.0)).build());
        final ScoreStageProcessor processor = new ScoreStageProcessor(current,
                (model, windows) -> windows.stream().mapToDouble(values -> model.version() == 1 ? Double.POSITIVE_INFINITY : 1.0).toArray(),
                new ScoreCalibration(0.001, 100, 20, 50, 0), new AnomalyGrouping(1, 0.95, 0), 0, 16, Duration.ofMillis(100), 60_000, LENGTH, metrics);
        processor.init(context);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>("a", window("a", 0, 1), 0));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        final WindowScore score = (WindowScore) context.forwarded().get(0).record().value();
        assertEquals("NON_FINITE_SCORE", score.getState());
        assertEquals(1, score.getModelVersion());
        assertEquals(Double.POSITIVE_INFINITY, score.getRawScore());
        assertEquals(Collections.nCopies(30, 1.0), states.get("a").getRecentScores(), "nothing calibrates on it");
        assertEquals(List.of(), states.get("a").getNextScores());
    }

    @Test
    void shouldCloseAnAnomalyKeptByAnEarlierVersionOnceItsSeriesIsSilentForTheLongestGapAfterTheStart() {
        // as an earlier version kept it: neither its features nor when its series was last seen noted
        states.put("a", ScoreState.newBuilder().setModelVersion(1).setRecentScores(List.of()).setOpenAnomalyId("a@0").setOpenEnd(7_000)
                .setOpenReported(true).setOpenValues(Collections.nCopies(2 * LENGTH, 0.5)).build());
        final ScoreStageProcessor processor = new ScoreStageProcessor(new CurrentModel(), WindowScorer.MODEL,
                new ScoreCalibration(0.001, 100, 20, 0, 0), new AnomalyGrouping(1, 0.95, 0), 0, 16, Duration.ofMillis(100), 60_000, LENGTH, metrics);
        processor.init(context); // at 1,000 ms
        final org.apache.kafka.streams.processor.Punctuator closeIdle = context.scheduledPunctuators().get(1).getPunctuator();
        closeIdle.punctuate(61_000);
        assertEquals(List.of(), context.forwarded(), "silent for 60 s since the start: not yet");
        closeIdle.punctuate(61_001);
        final io.twinstream.avro.Anomaly closed = (io.twinstream.avro.Anomaly) context.forwarded().get(0).record().value();
        assertFalse(closed.getOngoing());
        assertEquals("a@0", closed.getAnomalyId());
        assertEquals(2, closed.getFeatures(), "inferred from the values kept: two windows' worth of steps");
        assertEquals(null, states.get("a").getOpenAnomalyId());
    }

    /** A processor started on the stores as they are, and its first punctuation; the score records it sent. */
    private List<WindowScore> restartAndFlush(final CurrentModel current) {
        final ScoreStageProcessor processor = new ScoreStageProcessor(current, WindowScorer.MODEL, new ScoreCalibration(0.001, 100, 20, 0, 0),
                new AnomalyGrouping(1, 0.95, 0), 0, 16, Duration.ofMillis(100), 60_000, LENGTH, metrics);
        processor.init(context);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        return context.forwarded().stream().map(forwarded -> (WindowScore) forwarded.record().value()).toList();
    }

    private static TwinstreamConfig smallModel() {
        return TwinstreamConfig.of(Map.of("window.length", Integer.toString(LENGTH), "model.hidden-size", "4", "model.layers", "1",
                "model.latent-size", "2"));
    }

    private void assertBufferEmpty() {
        try (KeyValueIterator<Long, Window> left = buffer.all()) {
            assertFalse(left.hasNext(), "windows left in the buffer");
        }
    }

    private static Window window(final String seriesId, final long sequence, final int features) {
        final List<Long> times = new java.util.ArrayList<>();
        for (int t = 0; t < LENGTH; t++) {
            times.add(1_000L * t);
        }
        final List<Double> values = Collections.nCopies(LENGTH * features, 0.5);
        return Window.newBuilder().setSeriesId(seriesId).setSequence(sequence).setStartTime(0).setEndTime(1_000L * (LENGTH - 1))
                .setLength(LENGTH).setFeatures(features).setTimestamps(times).setValues(values).setRaw(values)
                .setMean(Collections.nCopies(features, 0.0)).setStd(Collections.nCopies(features, 1.0)).build();
    }
}
