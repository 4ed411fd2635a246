package io.twinstream.topology;

import io.twinstream.serde.DoubleLists;
import io.twinstream.avro.Anomaly;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.avro.internal.ScoreState;
import io.twinstream.model.GanSnapshot;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.scoring.AnomalyGrouping;
import io.twinstream.scoring.RecentScores;
import io.twinstream.scoring.ScoreCalibration;
import io.twinstream.scoring.SeriesCalibration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The score stage: windows wait in a changelogged buffer store (so nothing waiting is lost on a crash) until
 * {@code batchSize} have gathered or {@code maxDelay} has passed; then the current model scores them in one batch,
 * each series' calibration and open anomaly are updated in its store, and a {@link WindowScore} (every window) and
 * {@link Anomaly} reports (when one opens or closes) go out. Before a model exists a window's score says
 * WARMING_UP at once and nothing is flagged. After a new model arrives, a series calibrated on the model before it
 * stays judged by that one (both score its windows) until the new one has {@code scoring.handover-windows} scores of
 * it to calibrate on, counting its scores of the series' held-back windows (see {@link ScoreCalibration}); from the
 * untrained model (version 0, published before the first round) the first trained one takes over at once. A series
 * that cannot be handed over so (still warming up, or calibrated on a model older than the one before the current)
 * carries its scores over into the current model's scale by the map the current model holds from that model's scores.
 * A series' first {@code settleWindows} windows, cut while its normalisation settles, are scored as WARMING_UP and kept out of its calibration. A reported
 * anomaly whose series has had no window judged for longer than {@code idleCloseMs} of wall-clock time is closed
 * then, so that it is not left open for good when its series stops; its closing report ends at its latest window, as
 * any other does.
 */
final class ScoreStageProcessor implements Processor<String, Window, String, SpecificRecord> {

    static final String BUFFER_STORE = "score-buffer";
    static final String STATE_STORE = "score-state";
    static final String WARMING_UP = "WARMING_UP";
    static final String NO_MODEL_FOR_FEATURES = "NO_MODEL_FOR_FEATURES";
    static final String SCORED = "SCORED";
    static final String NON_FINITE_SCORE = "NON_FINITE_SCORE";
    /** Longest wall-clock time between two looks for idle series' open anomalies. */
    private static final long IDLE_CHECK_MS = 3_600_000L;

    private final CurrentModel currentModel;
    private final WindowScorer scorer;
    private final int settleWindows;
    private final ScoreCalibration calibration;
    private final AnomalyGrouping grouping;
    private final int batchSize;
    private final Duration maxDelay;
    private final long idleCloseMs;
    private final int windowLength;
    private final TwinstreamMetrics metrics;
    private long startedAt;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Long, Window> buffer;
    private KeyValueStore<String, ScoreState> states;
    private long nextKey;
    private int buffered;

    ScoreStageProcessor(final CurrentModel currentModel, final WindowScorer scorer, final ScoreCalibration calibration, final AnomalyGrouping grouping,
                        final int settleWindows, final int batchSize, final Duration maxDelay, final long idleCloseMs,
                        final int windowLength, final TwinstreamMetrics metrics) {
        this.grouping = grouping;
        this.currentModel = currentModel;
        this.scorer = scorer;
        this.settleWindows = settleWindows;
        this.calibration = calibration;
        this.batchSize = batchSize;
        this.maxDelay = maxDelay;
        if (idleCloseMs < 1) {
            throw new IllegalArgumentException("idle time that closes an anomaly must be at least 1 ms, not " + idleCloseMs);
        }
        this.idleCloseMs = idleCloseMs;
        this.windowLength = windowLength;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        this.states = context.getStateStore(STATE_STORE);
        try (KeyValueIterator<Long, Window> waiting = buffer.all()) {
            while (waiting.hasNext()) {
                nextKey = Math.max(nextKey, waiting.next().key + 1);
                buffered++;
            }
        }
        context.schedule(maxDelay, PunctuationType.WALL_CLOCK_TIME, now -> flush());
        // a series' silence counts from this start at the earliest: a backlog after downtime is not silence
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(Duration.ofMillis(Math.min(idleCloseMs, IDLE_CHECK_MS)), PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    }

    /** Closes the reported anomalies of series idle for longer than {@code idleCloseMs} at wall-clock time {@code now}. */
    private void closeIdle(final long now) {
        flush(); // windows waiting in the batch are the series' latest: they are judged first
        final List<KeyValue<String, ScoreState>> idle = new ArrayList<>();
        try (KeyValueIterator<String, ScoreState> all = states.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getOpenAnomalyId() != null && now - Math.max(entry.value.getOpenSeenAt(), startedAt) > idleCloseMs) {
                    idle.add(entry);
                }
            });
        }
        for (final KeyValue<String, ScoreState> entry : idle) {
            final ScoreState state = entry.value;
            if (state.getOpenReported()) {
                context.forward(new Record<>(entry.key, anomaly(entry.key, state.getOpenAnomalyId(), state.getOpenStart(), state.getOpenEnd(),
                        state.getOpenPeak(), state.getOpenSeverity(), state.getModelVersion(), false, state.getOpenRawScore(), state.getOpenValues(),
                        featuresOf(state), now), now));
            }
            states.put(entry.key, withOpenAnomaly(ScoreState.newBuilder(state), null, 0, null, now).build());
        }
    }

    /** Features per step of the open anomaly's latest values (inferred from their count where an older state did not note them). */
    private int featuresOf(final ScoreState state) {
        return state.getOpenFeatures() > 0 ? state.getOpenFeatures() : Math.max(1, state.getOpenValues().size() / windowLength);
    }

    @Override
    public void process(final Record<String, Window> record) {
        final Window window = record.value();
        final GanSnapshot model = currentModel.get();
        if (model == null || model.config().features() != window.getFeatures()) {
            metrics.windowUnscored();
            context.forward(record.withValue(unscored(window, model == null ? WARMING_UP : NO_MODEL_FOR_FEATURES)));
            return;
        }
        buffer.put(nextKey++, window);
        if (++buffered >= batchSize) {
            flush();
        }
    }

    /** Scores every waiting window with the model current now. */
    private void flush() {
        if (buffered == 0) {
            return;
        }
        final List<KeyValue<Long, Window>> waiting = new ArrayList<>(buffered);
        try (KeyValueIterator<Long, Window> all = buffer.all()) {
            all.forEachRemaining(waiting::add);
        }
        final CurrentModel.Models models = currentModel.both();
        final GanSnapshot model = models.current();
        if (model == null || waiting.stream().anyMatch(entry -> entry.value.getFeatures() != model.config().features())) {
            // windows kept from before a restart that no model loaded now fits (its shape settings changed): each
            // still gets its score record, unscored, as when it arrives with no model
            waiting.removeIf(entry -> {
                if (model != null && entry.value.getFeatures() == model.config().features()) {
                    return false;
                }
                metrics.windowUnscored();
                context.forward(new Record<>(entry.value.getSeriesId(), unscored(entry.value, model == null ? WARMING_UP : NO_MODEL_FOR_FEATURES),
                        context.currentSystemTimeMs()));
                buffer.delete(entry.key);
                buffered--;
                return true;
            });
            if (waiting.isEmpty()) {
                return;
            }
        }
        final GanSnapshot previous = models.previous() != null && models.previous().config().features() == model.config().features()
                && models.previous().trained() ? models.previous() : null; // an untrained model hands over at once
        final long previousVersion = previous == null ? -1 : previous.version();
        final List<double[]> inputs = new ArrayList<>(waiting.size());
        final List<Integer> forPrevious = new ArrayList<>();
        final Map<String, Boolean> seriesJudgedByPrevious = new HashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            final Window window = waiting.get(i).value;
            inputs.add(DoubleLists.toArray(window.getValues()));
            if (previous != null && seriesJudgedByPrevious.computeIfAbsent(window.getSeriesId(), seriesId -> {
                final ScoreState state = states.get(seriesId);
                return state != null && calibration.judgedByPrevious(state.getModelVersion(), state.getRecentScores().size(), model.version(),
                        previousVersion);
            })) {
                forPrevious.add(i);
            }
        }
        final long start = System.nanoTime();
        final double[] raw = scorer.score(model, inputs);
        final double[] previousRaw = new double[inputs.size()];
        Arrays.fill(previousRaw, Double.NaN);
        final boolean[] previousFailed = new boolean[inputs.size()]; // the previous model scored it, not as a finite number
        if (!forPrevious.isEmpty()) {
            final double[] scored = scorer.score(previous, forPrevious.stream().map(inputs::get).toList());
            for (int j = 0; j < scored.length; j++) {
                previousRaw[forPrevious.get(j)] = scored[j];
                previousFailed[forPrevious.get(j)] = !Double.isFinite(scored[j]);
            }
        }
        metrics.scoringBatch(inputs.size(), System.nanoTime() - start);
        final long now = context.currentSystemTimeMs();
        int scored = 0;
        for (int i = 0; i < waiting.size(); i++) {
            // a window a model that scored it could not score is reported as such, not judged
            if (!Double.isFinite(raw[i])) {
                reportNonFinite(waiting.get(i).value, raw[i], model.version(), now);
            } else if (previousFailed[i]) {
                reportNonFinite(waiting.get(i).value, previousRaw[i], previousVersion, now);
            } else {
                emit(waiting.get(i).value, model, raw[i], previousVersion, previousRaw[i], now);
                scored++;
            }
            buffer.delete(waiting.get(i).key);
        }
        metrics.windowsScored(scored);
        buffered = 0;
    }

    /**
     * Reports a window whose score a model could not compute ({@code value} from model {@code version}): it says nothing
     * of the window, so it calibrates nothing, and an open anomaly goes on over it as if it had not come.
     */
    private void reportNonFinite(final Window window, final double value, final long version, final long now) {
        final String seriesId = window.getSeriesId();
        metrics.windowUnscored();
        context.forward(new Record<>(seriesId, WindowScore.newBuilder()
                .setSeriesId(seriesId).setStartTime(window.getStartTime()).setEndTime(window.getEndTime())
                .setRawScore(value).setCalibratedScore(0).setThreshold(calibration.threshold()).setFlagged(false)
                .setModelVersion(version).setState(NON_FINITE_SCORE).build(), now));
        final ScoreState state = states.get(seriesId);
        if (state != null && state.getOpenAnomalyId() != null) {
            states.put(seriesId, ScoreState.newBuilder(state).setOpenLastSequence(window.getSequence()).setOpenSeenAt(now).build());
        }
    }

    /** The series' calibration as stored. */
    private static SeriesCalibration calibrationOf(final ScoreState state) {
        return state == null ? SeriesCalibration.NONE : new SeriesCalibration(state.getModelVersion(),
                RecentScores.of(DoubleLists.toArray(state.getRecentScores()), state.getRecentWaiting()), state.getNextModelVersion(),
                RecentScores.of(DoubleLists.toArray(state.getNextScores())));
    }

    /**
     * Judges one window, updates its series' state and sends its score and any anomaly report.
     *
     * @param raw the current model's score of the window, a finite number
     * @param previousRaw the previous model's score of the window (finite), NaN when it did not score it
     */
    private void emit(final Window window, final GanSnapshot model, final double raw, final long previousVersion, final double previousRaw,
                      final long now) {
        final String seriesId = window.getSeriesId();
        final long version = model.version();
        final ScoreState state = states.get(seriesId);
        // windows cut while the series' normalisation settles say nothing about its normal scores
        final SeriesCalibration series = calibrationOf(state);
        final ScoreCalibration.Judgement judgement = calibration.judge(series, version, raw, previousVersion, previousRaw,
                window.getSequence() < settleWindows, RecentScores.of(model.heldBackScores(seriesId)), model.scoreMapFrom(series.modelVersion()));
        final ScoreCalibration.Result verdict = judgement.verdict();
        metrics.seriesModelChanged(judgement.change());
        final double rawScore = verdict.rawScore();
        final long modelVersion = judgement.modelVersion();
        final AnomalyGrouping.OpenAnomaly open = state == null || state.getOpenAnomalyId() == null ? null
                : new AnomalyGrouping.OpenAnomaly(state.getOpenAnomalyId(), state.getOpenStart(), state.getOpenEnd(),
                        state.getOpenLastSequence(), state.getOpenPeak(), state.getOpenWindows(), state.getOpenUnusual(),
                        state.getOpenReported(), state.getOpenSeverity());
        final AnomalyGrouping.Step step = grouping.observe(seriesId, open, window.getSequence(), window.getStartTime(), window.getEndTime(),
                verdict.flagged(), verdict.calibratedScore(), verdict.severity(), verdict.recent().size());
        context.forward(new Record<>(seriesId, WindowScore.newBuilder()
                .setSeriesId(seriesId).setStartTime(window.getStartTime()).setEndTime(window.getEndTime())
                .setRawScore(rawScore).setCalibratedScore(verdict.calibratedScore()).setThreshold(verdict.threshold())
                .setFlagged(verdict.flagged()).setModelVersion(modelVersion).setState(verdict.warmingUp() ? WARMING_UP : SCORED)
                .build(), now));
        boolean opened = false;
        for (final AnomalyGrouping.Report report : step.reports()) {
            // an opening report describes this window; a closing one the open anomaly's latest window, kept in the state
            final boolean opening = report.ongoing();
            if (opening) {
                metrics.anomalyOpened();
                opened = true;
            }
            final AnomalyGrouping.OpenAnomaly reported = report.anomaly();
            context.forward(new Record<>(seriesId, anomaly(seriesId, reported.anomalyId(), reported.startTime(), reported.endTime(),
                    reported.peakScore(), reported.severity(), modelVersion, opening, opening ? rawScore : state.getOpenRawScore(),
                    opening ? window.getRaw() : state.getOpenValues(), window.getFeatures(), now), now));
        }
        metrics.seriesScored(seriesId, opened);
        final AnomalyGrouping.OpenAnomaly next = step.open(); // when not null, this window is its latest (flagged, or at the hold score)
        final SeriesCalibration after = judgement.series();
        states.put(seriesId, withOpenAnomaly(ScoreState.newBuilder()
                .setModelVersion(after.modelVersion())
                .setRecentScores(DoubleLists.toList(after.recent().values()))
                .setRecentWaiting(after.recent().waiting())
                .setNextModelVersion(after.nextVersion())
                .setNextScores(DoubleLists.toList(after.next().values())), next, rawScore, window, now)
                .build());
    }

    /** An anomaly report: the opening one ({@code ongoing}) or the closing one, with its latest window's raw score and values. */
    private Anomaly anomaly(final String seriesId, final String anomalyId, final long startTime, final long endTime, final double peakScore,
                            final double severity, final long modelVersion, final boolean ongoing, final double rawScore, final List<Double> values,
                            final int features, final long now) {
        return Anomaly.newBuilder()
                .setSeriesId(seriesId).setAnomalyId(anomalyId).setStartTime(startTime).setEndTime(endTime)
                .setRawScore(rawScore).setCalibratedScore(peakScore).setSeverity(severity).setThreshold(calibration.threshold())
                .setModelVersion(modelVersion).setOngoing(ongoing).setValues(values).setFeatures(features).setDetectedAt(now)
                .build();
    }

    /**
     * The series' open anomaly in its state: {@code open}, whose latest window is {@code window} (scored {@code rawScore},
     * judged at {@code now}), or none when {@code open} is null.
     */
    private static ScoreState.Builder withOpenAnomaly(final ScoreState.Builder state, final AnomalyGrouping.OpenAnomaly open,
                                                      final double rawScore, final Window window, final long now) {
        if (open == null) {
            return state.setOpenAnomalyId(null).setOpenStart(0).setOpenEnd(0).setOpenLastSequence(0).setOpenPeak(0).setOpenWindows(0)
                    .setOpenUnusual(0).setOpenReported(true).setOpenRawScore(0).setOpenValues(List.of()).setOpenFeatures(0).setOpenSeenAt(0)
                    .setOpenSeverity(0);
        }
        return state.setOpenAnomalyId(open.anomalyId()).setOpenStart(open.startTime()).setOpenEnd(open.endTime())
                .setOpenLastSequence(open.lastSequence()).setOpenPeak(open.peakScore()).setOpenWindows(open.windows())
                .setOpenUnusual(open.unusual()).setOpenReported(open.reported()).setOpenRawScore(rawScore).setOpenValues(window.getRaw())
                .setOpenFeatures(window.getFeatures()).setOpenSeenAt(now).setOpenSeverity(open.severity());
    }

    private WindowScore unscored(final Window window, final String state) {
        return WindowScore.newBuilder()
                .setSeriesId(window.getSeriesId()).setStartTime(window.getStartTime()).setEndTime(window.getEndTime())
                .setRawScore(0).setCalibratedScore(0).setThreshold(calibration.threshold()).setFlagged(false)
                .setModelVersion(-1).setState(state).build();
    }
}
