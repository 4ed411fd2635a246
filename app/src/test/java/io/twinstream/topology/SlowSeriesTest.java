package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.ModelSnapshot;
import io.twinstream.avro.Window;
import io.twinstream.avro.WindowScore;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.RoundValidation;
import io.twinstream.model.TrainingRounds;
import io.twinstream.model.WindowReservoir;
import io.twinstream.serde.AvroSerde;
import io.twinstream.serde.DoubleLists;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many series, each sending far fewer windows between two accepted models than a handover takes (the default 300):
 * the case of slow series while the trainer accepts models often. Every round is accepted here (the worst churn).
 */
class SlowSeriesTest {

    private static final int SERIES = 12;
    private static final int TICKS = 1_500;
    /** Ticks (a point of every series) between rounds: 25 windows of each series per model. */
    private static final int ROUND_TICKS = 25;
    /** Ticks between rounds for comparison: more windows of each series per model than a handover takes. */
    private static final int SLOW_ROUND_TICKS = 400;
    /** Training steps per tick, whatever the rounds: the same learning in every run. */
    private static final double STEPS_PER_TICK = 0.12;
    private static final int JUDGED_FROM_TICK = 600;
    private static final int SPIKE_TICK = 1_300;

    @TempDir
    Path stateDir;

    /** What one run gave, from {@link #JUDGED_FROM_TICK} on. */
    private record Run(int windows, int scored, int flaggedNormal, boolean spikeFlagged, int falseReports, boolean spikeReported, int models) {
    }

    private static double value(final int series, final int tick) {
        final Random noise = new Random(31L * tick + series);
        return 5 + series + (1 + 0.2 * series) * Math.sin(2 * Math.PI * tick / (10.0 + 3 * series)) + 0.1 * noise.nextGaussian();
    }

    private Run run(final boolean scoreMaps, final int roundTicks) throws Exception {
        final Map<String, String> settings = new HashMap<>(Map.of("window.length", "16", "window.stride", "1", "model.hidden-size", "8",
                "model.layers", "1", "model.latent-size", "2", "scoring.batch-size", "64", "scoring.max-delay-ms", "100"));
        try (TopologyFixture fixture = new TopologyFixture(stateDir.resolve("maps-" + scoreMaps + "-" + roundTicks), settings)) {
            final GanConfig ganConfig = GanConfig.from(fixture.config);
            final TrainingRounds rounds = new TrainingRounds(ganConfig, (candidate, current, heldBack, seed) ->
                    new RoundValidation.Verdict(true, 0, 0, "every round accepted"), 64, null);
            final WindowReservoir reservoir = new WindowReservoir(2_000, 200, 10, 1);
            final TestInputTopic<String, byte[]> models = fixture.driver.createInputTopic("models", new StringSerializer(), new ByteArraySerializer());
            final TestOutputTopic<String, WindowScore> scores = fixture.driver.createOutputTopic("scores", new StringDeserializer(),
                    AvroSerde.of(WindowScore.class).deserializer());
            final TestOutputTopic<String, Anomaly> anomalies = fixture.driver.createOutputTopic("anomalies", new StringDeserializer(),
                    AvroSerde.of(Anomaly.class).deserializer());
            int falseReports = 0;
            boolean spikeReported = false;
            int windows = 0;
            int scored = 0;
            int flaggedNormal = 0;
            boolean spikeFlagged = false;
            int published = 0;
            for (int tick = 0; tick < TICKS; tick++) {
                for (int s = 0; s < SERIES; s++) {
                    fixture.send("series-" + s, 60_000L * tick, value(s, tick) + (s == 0 && tick == SPIKE_TICK ? 8 : 0));
                }
                if (tick % roundTicks != roundTicks - 1 && tick % ROUND_TICKS != ROUND_TICKS - 1) {
                    continue;
                }
                fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
                for (final Window window : fixture.windows()) {
                    reservoir.add(new WindowReservoir.Sample(window.getSeriesId(), DoubleLists.toArray(window.getValues()),
                            DoubleLists.toArray(window.getMean()), DoubleLists.toArray(window.getStd())));
                }
                if (reservoir.holds(200) && tick % roundTicks == roundTicks - 1) {
                    final TrainingRounds.Outcome round = rounds.run(reservoir, (int) Math.round(STEPS_PER_TICK * roundTicks), 0L, Runnable::run,
                            () -> true);
                    if (round.accepted()) {
                        final GanSnapshot model = round.candidate();
                        models.pipeInput("twinstream", scoreMaps ? model.toBytes("twinstream") : withoutScoreMaps(model));
                        published++;
                    }
                }
                for (final WindowScore score : scores.readValuesToList()) {
                    if (score.getEndTime() < 60_000L * JUDGED_FROM_TICK) {
                        continue;
                    }
                    final boolean holdsSpike = score.getSeriesId().toString().equals("series-0")
                            && score.getStartTime() <= 60_000L * SPIKE_TICK && score.getEndTime() >= 60_000L * SPIKE_TICK;
                    windows++;
                    scored += "SCORED".equals(score.getState()) ? 1 : 0;
                    flaggedNormal += score.getFlagged() && !holdsSpike ? 1 : 0;
                    spikeFlagged |= score.getFlagged() && holdsSpike;
                }
            }
            for (final Anomaly anomaly : anomalies.readValuesToList()) {
                if (anomaly.getOngoing() && anomaly.getEndTime() >= 60_000L * JUDGED_FROM_TICK) {
                    final boolean spike = anomaly.getSeriesId().toString().equals("series-0") && anomaly.getStartTime() <= 60_000L * SPIKE_TICK
                            && anomaly.getEndTime() >= 60_000L * SPIKE_TICK;
                    spikeReported |= spike;
                    falseReports += spike ? 0 : 1;
                }
            }
            return new Run(windows, scored, flaggedNormal, spikeFlagged, falseReports, spikeReported, published);
        }
    }

    private static byte[] withoutScoreMaps(final GanSnapshot model) throws Exception {
        final ModelSnapshot record = model.toRecord("twinstream");
        record.setScoreMaps(List.of());
        final ByteBuffer encoded = ModelSnapshot.getEncoder().encode(record);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static void report(final String name, final Run run) {
        System.out.printf("  %-26s %6d judged, %3d normal windows flagged, %2d anomalies reported elsewhere, spike flagged %-5s reported %s%n",
                name, run.scored(), run.flaggedNormal(), run.falseReports(), run.spikeFlagged(), run.spikeReported());
    }

    @Test
    void shouldKeepJudgingSlowSeriesWhileModelsComeFasterThanTheirHandovers() throws Exception {
        final Run carried = run(true, ROUND_TICKS);
        final Run warmingAgain = run(false, ROUND_TICKS);
        final Run handedOver = run(true, SLOW_ROUND_TICKS);
        System.out.printf("Slow series, %d of them, models every %d windows of each (%d models), %d windows judged or not:%n",
                SERIES, ROUND_TICKS, carried.models(), carried.windows());
        report("with score maps", carried);
        report("without", warmingAgain);
        report("models every " + SLOW_ROUND_TICKS + " windows", handedOver);
        assertTrue(carried.scored() > 0.95 * carried.windows(), "judged: " + carried);
        assertTrue(warmingAgain.scored() < 0.05 * warmingAgain.windows(), "without score maps the series keep warming up: " + warmingAgain);
        assertTrue(carried.spikeFlagged() && carried.spikeReported(), "the spike is found: " + carried);
        // carried scores calibrate less well than a model's own: more normal windows flagged than with handovers (15 to 30
        // of 10,800 measured, with other noise), though none reported as an anomaly
        assertTrue(carried.flaggedNormal() < 0.005 * carried.windows() && carried.falseReports() <= 2, "false alarms: " + carried);
    }
}
