package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.ModelSnapshot;
import io.twinstream.avro.ScoreMapKnots;
import io.twinstream.avro.WindowScore;
import io.twinstream.avro.internal.ScoreState;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import io.twinstream.scoring.ScoreCalibration;
import io.twinstream.scoring.ScoreMap;
import io.twinstream.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreStageTopologyTest {

    private static final Map<String, String> SETTINGS = Map.of("window.length", "8", "window.stride", "1", "model.hidden-size", "6",
            "model.layers", "1", "model.latent-size", "2", "scoring.min-history", "30", "normalizer.settle-windows", "32",
            "scoring.false-alarm-rate", "0.0001", "scoring.batch-size", "16", "scoring.max-delay-ms", "100");

    @TempDir
    Path stateDir;

    /** A sine with a little noise (the same for the same i), as real series have: without any, scores repeat exactly. */
    private static double value(final int i) {
        return 10 + 3 * Math.sin(2 * Math.PI * i / 12.0) + 0.2 * new Random(i).nextGaussian();
    }

    /** A small, untrained model whose real-window statistics come from normalised windows of the test's sine. */
    private static byte[] modelBytes(final TopologyFixture fixture) {
        return modelBytes(fixture, 3);
    }

    private static byte[] modelBytes(final TopologyFixture fixture, final long version) {
        final GanConfig config = GanConfig.from(fixture.config);
        return new GanTrainer(config).snapshot(version, 0, normalisedWindows(0, 240)).toBytes("twinstream");
    }

    /** As {@link #modelBytes(TopologyFixture, long)}, after one training step: a trained model, which hands series over. */
    private static byte[] trainedModelBytes(final TopologyFixture fixture, final long version) {
        final GanTrainer trainer = new GanTrainer(GanConfig.from(fixture.config));
        trainer.step(normalisedWindows(0, 16));
        return trainer.snapshot(version, 0, normalisedWindows(0, 240)).toBytes("twinstream");
    }

    /**
     * Sends the test sine's points {@code from} to {@code to} (exclusive) as series "s", the one at {@code spikeAt}
     * (-1: none) raised by 12, lets the last micro-batch go and returns the scores that came out.
     */
    private static List<WindowScore> sendSine(final TopologyFixture fixture, final TestOutputTopic<String, WindowScore> scores, final int from,
                                              final int to, final int spikeAt) {
        for (int i = from; i < to; i++) {
            fixture.send("s", 1_000L * i, i == spikeAt ? value(i) + 12 : value(i));
        }
        fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
        return scores.readValuesToList();
    }

    /** The test sine's 8-step windows starting at {@code from} to {@code to} (exclusive), in units of its mean and spread. */
    private static List<double[]> normalisedWindows(final int from, final int to) {
        final List<double[]> windows = new ArrayList<>();
        for (int start = from; start < to; start++) {
            final double[] window = new double[8];
            for (int t = 0; t < 8; t++) {
                window[t] = (value(start + t) - 10) / (3 / Math.sqrt(2));
            }
            windows.add(window);
        }
        return windows;
    }

    @Test
    void shouldSayWarmingUpAndFlagNothingBeforeTheFirstModel() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, SETTINGS)) {
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            for (int i = 0; i < 20; i++) {
                fixture.send("s", 1_000L * i, i == 15 ? 1_000 : value(i));
            }
            final List<WindowScore> all = scores.readValuesToList();
            assertEquals(13, all.size());
            assertTrue(all.stream().allMatch(score -> "WARMING_UP".equals(score.getState()) && !score.getFlagged()
                    && score.getModelVersion() == -1));
            assertEquals(0, fixture.metrics.anomalies());
        }
    }

    @Test
    void shouldScoreInMicroBatchesWithTheNewestModelAndReportASpikeAsOneAnomaly() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, SETTINGS)) {
            final TestInputTopic<String, byte[]> models = models(fixture);
            models.pipeInput("twinstream", modelBytes(fixture));
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
            for (int i = 0; i < 400; i++) {
                fixture.send("s", 1_000L * i, i == 300 ? value(i) + 12 : value(i));
            }
            // 393 windows: 384 scored in batches of 16 as they came, the last 9 when the time cap passes
            assertEquals(384, scores.getQueueSize());
            fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
            final List<WindowScore> all = scores.readValuesToList();
            assertEquals(393, all.size());
            assertTrue(all.stream().allMatch(score -> score.getModelVersion() == 3));
            // the first 32 windows are cut while the normalisation settles, the next 30 calibrate: none can be flagged
            assertTrue(all.subList(0, 62).stream().allMatch(score -> "WARMING_UP".equals(score.getState()) && !score.getFlagged()));
            assertEquals("SCORED", all.get(62).getState());
            final List<WindowScore> flagged = all.stream().filter(WindowScore::getFlagged).toList();
            assertFalse(flagged.isEmpty(), "the spike is flagged");
            assertTrue(flagged.stream().allMatch(score -> score.getStartTime() <= 300_000 && score.getEndTime() >= 300_000),
                    "only windows holding the spike are flagged: " + flagged);
            final List<Anomaly> reports = anomalies.readValuesToList();
            assertEquals(2, reports.size(), "one anomaly: opened, then closed");
            assertTrue(reports.get(0).getOngoing());
            assertFalse(reports.get(1).getOngoing());
            assertEquals(reports.get(0).getAnomalyId(), reports.get(1).getAnomalyId());
            assertTrue(reports.get(0).getValues().contains(value(300) + 12));
            assertEquals(393, fixture.metrics.windowsScored());
            assertEquals(1, fixture.metrics.anomalies());
            assertEquals(3, fixture.metrics.modelVersion());
        }
    }

    @Test
    void shouldReportASpikeWithItsSeverityAndNotReportItWhenALeastSeverityAboveThatIsSet() {
        double severity = Double.NaN;
        for (final String least : new String[] {"0", "1000"}) {
            final Map<String, String> settings = settingsWith("scoring.min-severity", least);
            settings.put("scoring.settled-windows", "0"); // the least severity, whatever the series' calibration holds
            final SpikeRun run = spikeRun(stateDir.resolve("severity-" + least), settings);
            assertTrue(run.scores().stream().anyMatch(WindowScore::getFlagged), "the spike is flagged, least severity " + least);
            final List<Anomaly> reports = run.anomalies();
            if ("1000".equals(least)) {
                assertEquals(List.of(), reports, "flagged, confirmed, but never " + least + " times the series' median score");
                continue;
            }
            assertEquals(2, reports.size());
            severity = reports.get(0).getSeverity();
            assertEquals(severity, reports.get(1).getSeverity(), "the closing report keeps it");
            // the series' median score before the spike, unflagged scored windows (the calibration's own history leaves the
            // newest out while they wait, which hardly moves a median of about 200)
            final double opening = reports.get(0).getRawScore();
            final double[] before = run.scores().stream().filter(score -> "SCORED".equals(score.getState()) && !score.getFlagged()
                    && score.getEndTime() < 300_000).mapToDouble(WindowScore::getRawScore).sorted().toArray();
            final double median = before[before.length / 2];
            assertEquals(opening / median, severity, 0.05 * severity, "raw " + opening + " over median " + median);
            assertTrue(severity > 1.25, "a spike of 12 on a series of amplitude 1: " + severity);
        }
    }

    @Test
    void shouldAskASpikeJudgedByAnUnsettledCalibrationForTheUnsettledLeastSeverity() {
        // the spike is the series' 300th point: its calibration holds fewer than 750 scores (scoring.history), unsettled when 750 settle one
        for (final String settled : new String[] {"0", "750"}) {
            final Map<String, String> settings = settingsWith("scoring.min-severity", "0");
            settings.put("scoring.unsettled-min-severity", "1000");
            settings.put("scoring.settled-windows", settled);
            final SpikeRun run = spikeRun(stateDir.resolve("settled-" + settled), settings);
            assertTrue(run.scores().stream().anyMatch(WindowScore::getFlagged), "the spike is flagged, settled at " + settled);
            final List<Boolean> reports = run.anomalies().stream().map(Anomaly::getOngoing).toList();
            assertEquals("0".equals(settled) ? List.of(true, false) : List.of(), reports, "settled at " + settled + " scores");
        }
    }

    @Test
    void shouldFlagAndReportASpikeWhileTheSeriesWarmsUpOnlyWhenEarlyJudgingIsOn() {
        // the spike is the series' 80th point: its windows are about the 45th to 52nd scored, of the 100 the tail needs
        for (final String early : new String[] {"2.5", "0"}) {
            final Map<String, String> settings = settingsWith("scoring.min-history", "100", "scoring.early-history", "20",
                    "scoring.early-severity", early);
            final List<WindowScore> all;
            final List<Anomaly> reports;
            try (TopologyFixture fixture = new TopologyFixture(stateDir.resolve("early-" + early), settings)) {
                models(fixture).pipeInput("twinstream", modelBytes(fixture));
                final TestOutputTopic<String, WindowScore> scores = scores(fixture);
                final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
                all = sendSine(fixture, scores, 0, 120, 80);
                reports = anomalies.readValuesToList();
            }
            final List<WindowScore> flagged = all.stream().filter(WindowScore::getFlagged).toList();
            final List<WindowScore> others = all.stream().filter(score -> !score.getFlagged()).toList();
            assertTrue(others.stream().allMatch(score -> "WARMING_UP".equals(score.getState())), "fewer than 100 scores: " + others);
            if ("0".equals(early)) {
                assertEquals(List.of(), flagged);
                assertEquals(List.of(), reports);
                continue;
            }
            assertTrue(flagged.size() >= 4, "the spike's windows, at least the four that confirm it: " + flagged);
            assertTrue(flagged.stream().allMatch(score -> score.getStartTime() <= 80_000 && score.getEndTime() >= 80_000
                    && "SCORED".equals(score.getState())), "only windows holding the spike are flagged: " + flagged);
            assertEquals(List.of(true, false), reports.stream().map(Anomaly::getOngoing).toList());
            assertTrue(reports.get(0).getSeverity() >= 2.5, "severity " + reports.get(0).getSeverity());
            assertTrue(reports.get(0).getValues().contains(value(80) + 12));
        }
    }

    /** What the score stage sent for series {@code s}, 400 points, a spike of 12 at its 300th, scored by one model. */
    private record SpikeRun(List<WindowScore> scores, List<Anomaly> anomalies) {
    }

    private SpikeRun spikeRun(final Path dir, final Map<String, String> settings) {
        try (TopologyFixture fixture = new TopologyFixture(dir, settings)) {
            models(fixture).pipeInput("twinstream", modelBytes(fixture));
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
            for (int i = 0; i < 400; i++) {
                fixture.send("s", 1_000L * i, i == 300 ? value(i) + 12 : value(i));
            }
            fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
            return new SpikeRun(scores.readValuesToList(), anomalies.readValuesToList());
        }
    }

    @Test
    void shouldCloseAReportedAnomalyOnceItsSeriesHasSentNothingForLongerThanTheLongestGap() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, settingsWith("window.max-gap-ms", "60000"))) {
            models(fixture).pipeInput("twinstream", modelBytes(fixture));
            final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
            for (int i = 0; i < 306; i++) {
                fixture.send("s", 1_000L * i, i == 300 ? value(i) + 12 : value(i));
            }
            fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
            final List<Anomaly> opened = anomalies.readValuesToList();
            assertEquals(1, opened.size(), "the spike's anomaly is reported, and series s stops while it is open");
            assertTrue(opened.get(0).getOngoing());
            // the look for idle series a minute in (wall clock), under 60 s after its latest window, leaves it open
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(60));
            assertEquals(List.of(), anomalies.readValuesToList());
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(60));
            final List<Anomaly> closed = anomalies.readValuesToList();
            assertEquals(1, closed.size(), "closed once s has been idle for longer than window.max-gap-ms");
            assertFalse(closed.get(0).getOngoing());
            assertEquals(opened.get(0).getAnomalyId(), closed.get(0).getAnomalyId());
            assertEquals(305_000L, closed.get(0).getEndTime());
            assertEquals(1, closed.get(0).getFeatures());
            // when s comes back, its old anomaly is not closed again
            for (int i = 500; i < 520; i++) {
                fixture.send("s", 1_000L * i, value(i));
            }
            fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
            assertTrue(anomalies.readValuesToList().stream().noneMatch(anomaly -> anomaly.getAnomalyId().equals(opened.get(0).getAnomalyId())));
        }
    }

    @Test
    void shouldHoldAReportedAnomalyOpenThroughWindowsScoringTheHoldScoreAndCloseAtTheFirstBelow() {
        for (final double hold : new double[] {1.0, 0.5}) {
            // only flagged windows open an anomaly here: with a hold score of 0.5, runs of normal windows would sustain some
            final Map<String, String> settings = settingsWith("scoring.hold-score", String.valueOf(hold));
            settings.put("scoring.sustain-points", "0");
            try (TopologyFixture fixture = new TopologyFixture(stateDir.resolve("hold-" + hold), settings)) {
                final TestInputTopic<String, byte[]> models = models(fixture);
                models.pipeInput("twinstream", modelBytes(fixture));
                final TestOutputTopic<String, WindowScore> scores = scores(fixture);
                final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
                // a spike, then a smaller one just as the spike leaves the window: the windows after the spike's score high, some
                // just under the threshold
                for (int i = 0; i < 400; i++) {
                    fixture.send("s", 1_000L * i, i == 300 ? value(i) + 12 : i == 308 ? value(i) + 2 : value(i));
                }
                fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
                final List<WindowScore> all = scores.readValuesToList();
                final List<Anomaly> reports = anomalies.readValuesToList();
                assertEquals(2, reports.size(), "one anomaly, opened and closed, with hold score " + hold);
                // from the window that opened it, the anomaly spans every following window that is flagged or scores the
                // hold score, and closes at the first that does neither
                int opened = 0;
                while (all.get(opened).getEndTime() != reports.get(0).getEndTime()) {
                    opened++;
                }
                int lastFlagged = opened;
                while (all.get(lastFlagged + 1).getFlagged()) {
                    lastFlagged++;
                }
                int last = opened;
                while (all.get(last + 1).getFlagged() || all.get(last + 1).getCalibratedScore() >= hold) {
                    last++;
                }
                assertEquals(all.get(last).getEndTime(), reports.get(1).getEndTime(), "closed after window " + last + ", hold " + hold);
                if (hold == 1.0) {
                    assertEquals(lastFlagged, last, "without a hold it ends with the last of its flagged windows in a row");
                } else {
                    assertTrue(last > lastFlagged, "the smaller spike's windows, unflagged but scoring 0.5 or more, hold it open: "
                            + all.subList(opened, last + 2));
                }
            }
        }
    }

    @Test
    void shouldKeepTheRunOfUnusualScoresThatWaitsInTheSeriesState() {
        // with a hold score of 0.5, half of the normal windows are unusual: runs of them come and go
        try (TopologyFixture fixture = new TopologyFixture(stateDir, settingsWith("scoring.hold-score", "0.5"))) {
            models(fixture).pipeInput("twinstream", modelBytes(fixture));
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            final KeyValueStore<String, ScoreState> states = fixture.driver.getKeyValueStore("score-state");
            int waiting = 0;
            int checkedInARun = 0;
            for (int i = 0; i < 400; i++) {
                fixture.send("s", 1_000L * i, i == 300 ? value(i) + 12 : value(i));
                final List<WindowScore> scored = scores.readValuesToList();
                for (final WindowScore score : scored) {
                    // what the rule says: a flagged window leaves the run as it is, an unusual one joins it, any other ends it
                    waiting = score.getFlagged() ? waiting : "SCORED".equals(score.getState()) && score.getCalibratedScore() >= 0.5 ? waiting + 1 : 0;
                }
                if (!scored.isEmpty()) {
                    assertEquals(waiting, states.get("s").getRecentWaiting(), "after the point at row " + i);
                    checkedInARun += waiting > 0 ? 1 : 0;
                }
            }
            assertTrue(checkedInARun > 3, "the state was checked while a run went on " + checkedInARun + " times");
        }
    }

    @Test
    void shouldReportARunOfUnusualWindowsThatSpansTheSustainPointsThoughNoneIsFlagged() {
        for (final String sustain : new String[] {"6", "0"}) {
            // with a hold score of 0.5, half of the normal windows are unusual: some runs of them span 6 points (7 windows)
            final Map<String, String> settings = settingsWith("scoring.hold-score", "0.5");
            settings.put("scoring.sustain-points", sustain);
            settings.put("scoring.min-severity", "0"); // whatever their raw scores, judged by a calibration settled or not
            settings.put("scoring.unsettled-min-severity", "0");
            try (TopologyFixture fixture = new TopologyFixture(stateDir.resolve("sustain-" + sustain), settings)) {
                models(fixture).pipeInput("twinstream",
                        modelBytes(fixture));
                final TestOutputTopic<String, WindowScore> scores = scores(fixture);
                final TestOutputTopic<String, Anomaly> anomalies = anomalies(fixture);
                for (int i = 0; i < 400; i++) {
                    fixture.send("s", 1_000L * i, value(i));
                }
                fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
                // the rule, applied to the windows' scores: an anomaly starts at the first of a run of unusual windows (flagged,
                // or scoring 0.5 or more), opens at its 7th (or its 3rd flagged in a row: confirm-points 2) and closes at the
                // first window that is not unusual, spanning to the end of the run's last
                final List<String> expected = new ArrayList<>();
                int run = 0;
                int flaggedInARow = 0;
                boolean open = false;
                long start = 0;
                long end = 0;
                int sustained = 0;
                for (final WindowScore score : scores.readValuesToList()) {
                    final boolean unusual = score.getFlagged() || "SCORED".equals(score.getState()) && score.getCalibratedScore() >= 0.5;
                    if (!unusual) {
                        if (open) {
                            expected.add("closed " + start + "-" + end);
                        }
                        run = 0;
                        flaggedInARow = 0;
                        open = false;
                        continue;
                    }
                    start = run == 0 ? score.getStartTime() : start;
                    end = score.getEndTime();
                    run++;
                    flaggedInARow = score.getFlagged() ? flaggedInARow + 1 : 0;
                    if (!open && (flaggedInARow >= 3 || "6".equals(sustain) && run >= 7)) {
                        open = true;
                        sustained += flaggedInARow >= 3 ? 0 : 1;
                        expected.add("opened " + start + "-" + end);
                    }
                }
                final List<String> reported = anomalies.readValuesToList().stream()
                        .map(anomaly -> (anomaly.getOngoing() ? "opened " : "closed ") + anomaly.getStartTime() + "-" + anomaly.getEndTime())
                        .toList();
                assertEquals(expected, reported, "sustain points " + sustain);
                if ("6".equals(sustain)) {
                    assertTrue(sustained >= 2, "runs of unusual windows, none flagged three in a row, were reported: " + sustained);
                } else {
                    assertEquals(0, sustained);
                }
            }
        }
    }

    @Test
    void shouldKeepJudgingByTheOldModelUntilTheNewOneHasCalibratedThenFlagWithTheNewOne() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, settingsWith("scoring.handover-windows", "100"))) {
            final TestInputTopic<String, byte[]> models = models(fixture);
            models.pipeInput("twinstream", trainedModelBytes(fixture, 3));
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            final List<WindowScore> before = sendSine(fixture, scores, 0, 200, -1);
            assertEquals(193, before.size());
            assertEquals("SCORED", before.get(before.size() - 1).getState());
            models.pipeInput("twinstream", trainedModelBytes(fixture, 4));
            final List<WindowScore> after = sendSine(fixture, scores, 200, 400, 380);
            assertEquals(200, after.size());
            // no blind spot: the old model judges the new model's first 100 windows, then the new one, calibrated
            assertTrue(after.stream().allMatch(score -> "SCORED".equals(score.getState())), "never warming up again");
            assertTrue(after.subList(0, 100).stream().allMatch(score -> score.getModelVersion() == 3));
            assertTrue(after.subList(100, 200).stream().allMatch(score -> score.getModelVersion() == 4));
            assertEquals(1, fixture.metrics.seriesModelChanges(ScoreCalibration.ModelChange.HANDED_OVER));
            // windows scored by both models during the handover are counted once in the batch sizes
            assertEquals(16.0, fixture.metrics.largestScoringBatch());
            final List<WindowScore> flagged = after.stream().filter(WindowScore::getFlagged).toList();
            assertFalse(flagged.isEmpty(), "the spike is flagged");
            assertTrue(flagged.stream().allMatch(score -> score.getModelVersion() == 4 && score.getStartTime() <= 380_000
                    && score.getEndTime() >= 380_000), "only windows holding the spike are flagged, by the new model: " + flagged);
        }
    }

    /** A model trained {@code steps} steps, version {@code version}, carrying {@code map} from {@code fromVersion}'s scores (none when null). */
    private static byte[] trainedModelBytes(final TopologyFixture fixture, final long version, final int steps, final long fromVersion,
                                            final ScoreMap map) throws Exception {
        final GanTrainer trainer = new GanTrainer(GanConfig.from(fixture.config));
        for (int s = 0; s < steps; s++) {
            trainer.step(normalisedWindows(16 * s, 16 * s + 16));
        }
        final ModelSnapshot record = trainer.snapshot(version, 0, normalisedWindows(0, 240)).toRecord("twinstream");
        if (map != null) {
            record.setScoreMaps(List.of(new ScoreMapKnots(fromVersion, Arrays.stream(map.from()).boxed().toList(),
                    Arrays.stream(map.to()).boxed().toList())));
        }
        final ByteBuffer encoded = ModelSnapshot.getEncoder().encode(record);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    @Test
    void shouldCarryASeriesOverToTheNewestModelWhenAThirdComesBeforeItsHandoverEnds() throws Exception {
        for (final boolean withMap : new boolean[] {true, false}) {
            final Map<String, String> settings = settingsWith("scoring.handover-windows", "100");
            // judged on as many of its scores as a deployment's default asks, not a few dozen, once it warms up again
            settings.put("scoring.min-history", "100");
            try (TopologyFixture fixture = new TopologyFixture(stateDir.resolve("map-" + withMap), settings)) {
                final TestInputTopic<String, byte[]> models = models(fixture);
                models.pipeInput("twinstream", trainedModelBytes(fixture, 3, 1, -1, null));
                final TestOutputTopic<String, WindowScore> scores = scores(fixture);
                final List<WindowScore> before = sendSine(fixture, scores, 0, 200, -1);
                assertEquals("SCORED", before.get(before.size() - 1).getState());
                // model 4 comes, then model 5 after 50 windows: the series is still on model 3, which no longer scores
                models.pipeInput("twinstream", trainedModelBytes(fixture, 4, 2, -1, null));
                final List<WindowScore> handingOver = sendSine(fixture, scores, 200, 250, -1);
                assertTrue(handingOver.stream().allMatch(score -> "SCORED".equals(score.getState()) && score.getModelVersion() == 3));
                final GanSnapshot three = GanSnapshot.fromBytes(trainedModelBytes(fixture, 3, 1, -1, null), null);
                final byte[] plainFive = trainedModelBytes(fixture, 5, 3, -1, null);
                final List<double[]> heldBack = normalisedWindows(600, 700);
                final ScoreMap threeToFive = ScoreMap.fit(three.score(heldBack), GanSnapshot.fromBytes(plainFive, null).score(heldBack));
                models.pipeInput("twinstream", withMap ? trainedModelBytes(fixture, 5, 3, 3, threeToFive) : plainFive);
                final List<WindowScore> after = sendSine(fixture, scores, 250, 450, 430);
                assertEquals(200, after.size());
                assertTrue(after.stream().allMatch(score -> score.getModelVersion() == 5));
                final long warming = after.stream().filter(score -> "WARMING_UP".equals(score.getState())).count();
                final List<WindowScore> flagged = after.stream().filter(WindowScore::getFlagged).toList();
                assertFalse(flagged.isEmpty(), "the spike is flagged");
                assertTrue(flagged.stream().allMatch(score -> score.getStartTime() <= 430_000 && score.getEndTime() >= 430_000),
                        "only windows holding the spike are flagged: " + flagged);
                assertEquals(withMap ? 1 : 0, fixture.metrics.seriesModelChanges(ScoreCalibration.ModelChange.CARRIED_OVER));
                assertEquals(withMap ? 0 : 1, fixture.metrics.seriesModelChanges(ScoreCalibration.ModelChange.WARMED_UP_AGAIN));
                assertEquals(0, fixture.metrics.seriesModelChanges(ScoreCalibration.ModelChange.HANDED_OVER));
                if (withMap) {
                    // its scores of model 3 carried over into model 5's scale: judged by model 5 at once, never blind
                    assertEquals(0, warming);
                } else {
                    // without a map, warming up again on model 5's own scores
                    assertEquals(100, warming);
                    assertTrue(after.subList(0, 100).stream().allMatch(score -> "WARMING_UP".equals(score.getState())));
                }
            }
        }
    }

    @Test
    void shouldHandASeriesOverFromTheUntrainedModelAtOnce() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, settingsWith("scoring.handover-windows", "100"))) {
            final TestInputTopic<String, byte[]> models = models(fixture);
            models.pipeInput("twinstream", modelBytes(fixture, 0));
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            final List<WindowScore> before = sendSine(fixture, scores, 0, 200, -1);
            assertTrue(before.subList(62, 193).stream().allMatch(score -> "SCORED".equals(score.getState()) && score.getModelVersion() == 0),
                    "the untrained model scores the series once it is warm");
            models.pipeInput("twinstream", trainedModelBytes(fixture, 1));
            final List<WindowScore> after = sendSine(fixture, scores, 200, 300, -1);
            assertEquals(100, after.size());
            // the first trained model judges at once, warming the series up on its own scores (no held-back ones here)
            assertTrue(after.stream().allMatch(score -> score.getModelVersion() == 1), "no window judged by the untrained model");
            assertTrue(after.subList(0, 30).stream().allMatch(score -> "WARMING_UP".equals(score.getState())));
            assertTrue(after.subList(30, 100).stream().allMatch(score -> "SCORED".equals(score.getState())));
        }
    }

    @Test
    void shouldStartASeriesCalibrationFromTheModelsScoresOfItsHeldBackWindows() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, SETTINGS)) {
            // the model as the trainer ships it: with its scores of 20 held-back windows of series "s", none of "t"
            final byte[] bytes = modelBytes(fixture);
            final double[] heldBackScores = GanSnapshot.fromBytes(bytes, null).score(normalisedWindows(500, 520));
            final ModelSnapshot record = ModelSnapshot.getDecoder().decode(bytes);
            record.setHeldBackScores(Map.of("s", Arrays.stream(heldBackScores).boxed().toList()));
            final ByteBuffer encoded = ModelSnapshot.getEncoder().encode(record);
            final byte[] withScores = new byte[encoded.remaining()];
            encoded.get(withScores);
            final TestInputTopic<String, byte[]> models = models(fixture);
            models.pipeInput("twinstream", withScores);
            final TestOutputTopic<String, WindowScore> scores = scores(fixture);
            for (int i = 0; i < 100; i++) {
                fixture.send("s", 1_000L * i, value(i));
                fixture.send("t", 1_000L * i, value(i));
            }
            fixture.driver.advanceWallClockTime(Duration.ofMillis(150));
            final Map<String, List<WindowScore>> bySeries = scores.readValuesToList().stream()
                    .collect(Collectors.groupingBy(score -> score.getSeriesId().toString()));
            // 32 settle windows each; then "s" needs 10 of its own scores beside the 20 held back, "t" 30 of its own
            final List<WindowScore> s = bySeries.get("s");
            final List<WindowScore> t = bySeries.get("t");
            assertEquals(93, s.size());
            assertTrue(s.subList(0, 42).stream().allMatch(score -> "WARMING_UP".equals(score.getState())));
            assertTrue(s.subList(42, 93).stream().allMatch(score -> "SCORED".equals(score.getState())));
            assertTrue(t.subList(0, 62).stream().allMatch(score -> "WARMING_UP".equals(score.getState())));
            assertTrue(t.subList(62, 93).stream().allMatch(score -> "SCORED".equals(score.getState())));
        }
    }

    @Test
    void shouldRefuseAModelMadeForOtherShapesAndKeepWarmingUp() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, SETTINGS)) {
            final TestInputTopic<String, byte[]> models = models(fixture);
            final GanConfig other = GanConfig.from(fixture.config.with(Map.of("model.hidden-size", "7")));
            models.pipeInput("twinstream", new GanTrainer(other).snapshot(1, 0, List.of()).toBytes("twinstream"));
            models.pipeInput("twinstream", new byte[] {1, 2, 3});
            for (int i = 0; i < 10; i++) {
                fixture.send("s", 1_000L * i, value(i));
            }
            assertEquals(2, fixture.metrics.modelsRefused());
            assertTrue(scores(fixture).readValuesToList().stream().allMatch(score -> "WARMING_UP".equals(score.getState())));
        }
    }

    /** The test's settings with one more. */
    /** The test's settings with these keys set to these values (key, value, key, value, ...). */
    private static Map<String, String> settingsWith(final String... keysAndValues) {
        final Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    private static TestInputTopic<String, byte[]> models(final TopologyFixture fixture) {
        return fixture.driver.createInputTopic("models", new StringSerializer(), new ByteArraySerializer());
    }

    private static TestOutputTopic<String, WindowScore> scores(final TopologyFixture fixture) {
        return fixture.driver.createOutputTopic("scores", new StringDeserializer(), AvroSerde.of(WindowScore.class).deserializer());
    }

    private static TestOutputTopic<String, Anomaly> anomalies(final TopologyFixture fixture) {
        return fixture.driver.createOutputTopic("anomalies", new StringDeserializer(), AvroSerde.of(Anomaly.class).deserializer());
    }
}
