package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.GeneratedPoint;
import io.twinstream.generator.LabelledAnomaly;
import io.twinstream.generator.PointGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate anomalies} on a corpus the built-in generator writes in NAB's layout. */
class AnomalyEvaluationTest {

    private static final int ROWS = 1_500;

    @TempDir
    Path dir;

    @Test
    void shouldReplayEveryFileAndWriteResultsPicturesAndAReport() throws Exception {
        final Path data = dir.resolve("data");
        final Path labels = dir.resolve("combined_windows.json");
        writeCorpus(data, labels);
        final TwinstreamConfig config = TwinstreamConfig.of(Map.ofEntries(Map.entry("window.length", "16"), Map.entry("model.hidden-size", "8"),
                Map.entry("model.layers", "1"), Map.entry("model.latent-size", "2"), Map.entry("model.batch-size", "16"),
                Map.entry("trainer.min-windows", "100"), Map.entry("trainer.round-windows", "200"), Map.entry("trainer.steps-per-round", "20"),
                Map.entry("trainer.tolerance", "10"), Map.entry("normalizer.settle-windows", "16"), Map.entry("scoring.min-history", "20"),
                Map.entry("trainer.untrained-model-windows", "40")));
        final List<NabCorpus.DataFile> corpus = NabCorpus.read(data, labels);
        assertEquals(2, corpus.size());
        assertEquals("generated/series-000.csv", corpus.get(0).name());
        final StringWriter progress = new StringWriter();
        final Path out = dir.resolve("out");
        final String report = new AnomalyEvaluation(config, new PrintWriter(progress, true)).run(corpus, out, 2);

        assertTrue(progress.toString().contains("[2/2] generated/series-00"), progress.toString());
        assertTrue(progress.toString().contains("generated/series-001.csv: 1,500 rows"), progress.toString());
        final double threshold = 1 - config.get(Settings.SCORING_FALSE_ALARM_RATE);
        int reported = 0;
        for (final String name : List.of("series-000", "series-001")) {
            final List<String> rows = Files.readAllLines(out.resolve("results/generated/twinstream_" + name + ".csv"));
            assertEquals("timestamp,value,anomaly_score,label", rows.get(0));
            assertEquals(ROWS + 1, rows.size());
            assertTrue(rows.stream().skip(1).mapToDouble(row -> Double.parseDouble(row.split(",")[2])).allMatch(s -> s >= 0 && s <= 1));
            assertTrue(rows.stream().skip(1).anyMatch(row -> Double.parseDouble(row.split(",")[2]) > 0), "scores after warm-up");
            assertTrue(Files.size(out.resolve("plots/generated/" + name + ".png")) > 1_000);
            final List<String> details = Files.readAllLines(out.resolve("details/generated/" + name + ".csv"));
            assertEquals("timestamp,raw_score,calibrated_score,flagged,model_version", details.get(0));
            assertEquals(ROWS + 1, details.size());
            assertTrue(details.get(1).matches("[^,]+,,,0,"), "no model before the first window: " + details.get(1));
            for (int i = 1; i <= ROWS; i++) {
                // the same rows, in the same order, as the results file; a calibrated score where a model scored: the
                // window's own, above the threshold where it was flagged (the results hold such rows at the threshold)
                final String[] detail = details.get(i).split(",", -1);
                assertEquals(rows.get(i).split(",")[0], detail[0]);
                assertEquals(detail[4].isEmpty(), detail[2].isEmpty(), details.get(i));
                assertTrue(!"1".equals(detail[3]) || Double.parseDouble(detail[2]) > threshold, details.get(i));
                // a row above the threshold is where an anomaly was reported, at a window calibrated at the hold score or
                // more: threshold + (1 - threshold) * s / (1 + s), s its severity, at least the least severity
                final double score = Double.parseDouble(rows.get(i).split(",")[2]);
                if (score > threshold) {
                    final double share = (score - threshold) / (1 - threshold);
                    assertTrue(share / (1 - share) >= config.get(Settings.SCORING_MIN_SEVERITY) - 1e-6, rows.get(i));
                    assertTrue(Double.parseDouble(detail[2]) >= config.get(Settings.SCORING_HOLD_SCORE), rows.get(i) + " / " + details.get(i));
                    reported++;
                }
            }
            assertTrue(details.stream().skip(1).anyMatch(row -> row.matches("[^,]+,[0-9.E-]+,[0-9.E-]+,[01],[1-9][0-9]*")), "rows scored by a model");
            // the untrained model (version 0) scores rows before the first trained one, and none after it
            final List<String> versions = details.stream().skip(1).map(row -> row.split(",", -1)[4]).filter(v -> !v.isEmpty()).toList();
            assertEquals("0", versions.get(0), "the untrained model scores first");
            assertTrue(versions.indexOf("1") > 0 && versions.lastIndexOf("0") < versions.indexOf("1"), "then the trained ones, at once");
        }
        assertTrue(reported > 0, "the generated anomalies were reported somewhere");
        assertTrue(report.contains("| standard |") && report.contains("| reward_low_fp |") && report.contains("| reward_low_fn |"), report);
        assertTrue(report.contains("Numenta HTM 70.1"));
        assertTrue(report.contains("| generated |"), report);
        assertEquals(report, Files.readString(out.resolve("report.md")));
    }

    @Test
    void shouldSayWhichReportedAnomaliesANabThresholdAboveTheFlagThresholdCounts() {
        assertEquals("0.999000", AnomalyEvaluation.thresholdText(0.999, 0.9995));
        assertEquals("0.99975000 (anomalies of severity 1.000 or more)", AnomalyEvaluation.thresholdText(0.99975, 0.9995));
        assertEquals("0.99980000 (anomalies of severity 1.500 or more)", AnomalyEvaluation.thresholdText(0.9998, 0.9995));
        assertEquals("1.10000000 (no anomaly)", AnomalyEvaluation.thresholdText(1.1, 0.9995));
    }

    @Test
    void shouldCountOverlappingSegments() {
        final boolean[] detected = new boolean[20];
        detected[3] = true;
        detected[4] = true;
        detected[15] = true;
        // windows 2-5 (overlapped) and 8-10 (missed); detection run 15 overlaps none
        final AnomalyEvaluation.SegmentCounts counts = AnomalyEvaluation.segments(detected, List.of(new int[] {2, 5}, new int[] {8, 10}));
        assertEquals(new AnomalyEvaluation.SegmentCounts(1, 1, 1), counts);
        assertEquals(0.5, counts.f1(), 1e-12);
    }

    /** Two generated series with anomalies, as NAB-layout CSVs, and their labels as NAB's windows file. */
    private static void writeCorpus(final Path data, final Path labels) throws Exception {
        final PointGenerator generator = new PointGenerator(2, 1, 300_000L, 0.002, 4);
        final Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (int i = 0; i < 2 * ROWS; i++) {
            final GeneratedPoint point = generator.next();
            files.computeIfAbsent(point.seriesId(), id -> new StringBuilder("timestamp,value\n"))
                    .append(text(point.timestamp())).append(',').append(point.values()[0]).append('\n');
        }
        Files.createDirectories(data.resolve("generated"));
        final Map<String, List<List<String>>> windows = new LinkedHashMap<>();
        for (final Map.Entry<String, StringBuilder> file : files.entrySet()) {
            Files.writeString(data.resolve("generated/" + file.getKey() + ".csv"), file.getValue());
            windows.put("generated/" + file.getKey() + ".csv", new ArrayList<>());
        }
        for (final LabelledAnomaly label : generator.labels()) {
            windows.get("generated/" + label.seriesId() + ".csv").add(List.of(text(label.startTime()) + ".000000", text(label.endTime()) + ".000000"));
        }
        new ObjectMapper().writeValue(labels.toFile(), windows);
    }

    private static String text(final long epochMs) {
        return NabCorpus.TIME.format(Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC).toLocalDateTime());
    }
}
