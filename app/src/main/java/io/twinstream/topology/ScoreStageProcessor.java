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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * WARMING_UP at once and nothing is flagged; after a new model arrives, each series calibrates afresh against the new
 * model's scores (warming up again for {@code scoring.min-history} windows). A series' first {@code settleWindows}
 * windows, cut while its normalisation settles, are scored as WARMING_UP and kept out of its calibration.
 */
final class ScoreStageProcessor implements Processor<String, Window, String, SpecificRecord> {

    static final String BUFFER_STORE = "score-buffer";
    static final String STATE_STORE = "score-state";
    static final String WARMING_UP = "WARMING_UP";
    static final String NO_MODEL_FOR_FEATURES = "NO_MODEL_FOR_FEATURES";
    static final String SCORED = "SCORED";

    private final CurrentModel currentModel;
    private final WindowScorer scorer;
    private final int settleWindows;
    private final ScoreCalibration calibration;
    private final AnomalyGrouping grouping = new AnomalyGrouping();
    private final int batchSize;
    private final Duration maxDelay;
    private final TwinstreamMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Long, Window> buffer;
    private KeyValueStore<String, ScoreState> states;
    private long nextKey;
    private int buffered;

    ScoreStageProcessor(final CurrentModel currentModel, final WindowScorer scorer, final ScoreCalibration calibration, final int settleWindows, final int batchSize, final Duration maxDelay,
                        final TwinstreamMetrics metrics) {
        this.currentModel = currentModel;
        this.scorer = scorer;
        this.settleWindows = settleWindows;
        this.calibration = calibration;
        this.batchSize = batchSize;
        this.maxDelay = maxDelay;
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
        final GanSnapshot model = currentModel.get();
        final List<double[]> inputs = new ArrayList<>(waiting.size());
        for (final KeyValue<Long, Window> entry : waiting) {
            inputs.add(DoubleLists.toArray(entry.value.getValues()));
        }
        final long start = System.nanoTime();
        final double[] raw = scorer.score(model, inputs);
        metrics.scoringBatch(inputs.size(), System.nanoTime() - start);
        final long now = context.currentSystemTimeMs();
        for (int i = 0; i < waiting.size(); i++) {
            emit(waiting.get(i).value, raw[i], model.version(), now);
            buffer.delete(waiting.get(i).key);
        }
        metrics.windowsScored(waiting.size());
        buffered = 0;
    }

    private void emit(final Window window, final double rawScore, final long modelVersion, final long now) {
        final String seriesId = window.getSeriesId();
        final ScoreState state = states.get(seriesId);
        // scores of different models are not comparable: a new model calibrates from its own scores only
        final RecentScores recent = state == null || state.getModelVersion() != modelVersion ? RecentScores.empty()
                : RecentScores.of(DoubleLists.toArray(state.getRecentScores()));
        // windows cut while the series' normalisation settles say nothing about its normal scores
        final ScoreCalibration.Result verdict = window.getSequence() < settleWindows ? calibration.withoutCalibrating(recent, rawScore)
                : calibration.calibrate(recent, rawScore);
        final AnomalyGrouping.OpenAnomaly open = state == null || state.getOpenAnomalyId() == null ? null
                : new AnomalyGrouping.OpenAnomaly(state.getOpenAnomalyId(), state.getOpenStart(), state.getOpenEnd(),
                        state.getOpenLastSequence(), state.getOpenPeak());
        final AnomalyGrouping.Step step = grouping.observe(seriesId, open, window.getSequence(), window.getStartTime(), window.getEndTime(),
                verdict.flagged(), verdict.calibratedScore());
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
            context.forward(new Record<>(seriesId, Anomaly.newBuilder()
                    .setSeriesId(seriesId).setAnomalyId(report.anomaly().anomalyId())
                    .setStartTime(report.anomaly().startTime()).setEndTime(report.anomaly().endTime())
                    .setRawScore(opening ? rawScore : state.getOpenRawScore())
                    .setCalibratedScore(report.anomaly().peakScore()).setThreshold(verdict.threshold())
                    .setModelVersion(modelVersion).setOngoing(opening)
                    .setValues(opening ? window.getRaw() : state.getOpenValues())
                    .setFeatures(window.getFeatures()).setDetectedAt(now)
                    .build(), now));
        }
        metrics.seriesScored(seriesId, opened);
        final AnomalyGrouping.OpenAnomaly next = step.open(); // when not null, this window is its latest, and flagged
        states.put(seriesId, ScoreState.newBuilder()
                .setModelVersion(modelVersion)
                .setRecentScores(DoubleLists.toList(verdict.recent().values()))
                .setOpenAnomalyId(next == null ? null : next.anomalyId())
                .setOpenStart(next == null ? 0 : next.startTime())
                .setOpenEnd(next == null ? 0 : next.endTime())
                .setOpenLastSequence(next == null ? 0 : next.lastSequence())
                .setOpenPeak(next == null ? 0 : next.peakScore())
                .setOpenRawScore(next == null ? 0 : rawScore)
                .setOpenValues(next == null ? List.of() : window.getRaw())
                .build());
    }

    private WindowScore unscored(final Window window, final String state) {
        return WindowScore.newBuilder()
                .setSeriesId(window.getSeriesId()).setStartTime(window.getStartTime()).setEndTime(window.getEndTime())
                .setRawScore(0).setCalibratedScore(0).setThreshold(calibration.threshold()).setFlagged(false)
                .setModelVersion(-1).setState(state).build();
    }
}
