package io.twinstream.evaluate;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * {@code evaluate anomalies}: every file of a NAB-layout corpus replayed through the service's topology
 * ({@link TopologyReplay}), then NAB's score under its three profiles, precision, recall and F1 per category by the
 * overlapping-segment rule, results CSVs in NAB's layout, a picture per file and a markdown report.
 */
public final class AnomalyEvaluation {

    /** Published NAB standard scores of other detectors, printed beside ours. */
    static final Map<String, Double> NAB_REFERENCES = references("Numenta HTM", 70.1, "CAD OSE", 69.9, "KNN CAD", 58.0,
            "Random Cut Forest", 51.7, "Twitter ADVec", 47.1);
    /** Published Orion-benchmark F1 of TadGAN per NAB category. */
    static final Map<String, Double> TADGAN_F1 = references("artificialWithAnomaly", 0.50, "realAWSCloudwatch", 0.71,
            "realAdExchange", 0.69, "realTraffic", 0.49, "realTweets", 0.59);

    /** Overlapping-segment counts: labelled windows detected or missed, and detections overlapping no window. */
    record SegmentCounts(int truePositives, int falseNegatives, int falsePositives) {

        SegmentCounts plus(final SegmentCounts other) {
            return new SegmentCounts(truePositives + other.truePositives, falseNegatives + other.falseNegatives,
                    falsePositives + other.falsePositives);
        }

        double precision() {
            return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            final double p = precision();
            final double r = recall();
            return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
        }
    }

    private final TwinstreamConfig config;
    private final PrintWriter out;

    public AnomalyEvaluation(final TwinstreamConfig config, final PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /**
     * Evaluates the corpus, {@code jobs} files at a time, and writes everything under {@code outDir}; returns the
     * markdown report's text.
     */
    public String run(final List<NabCorpus.DataFile> corpus, final Path outDir, final int jobs) throws IOException, InterruptedException {
        final long totalRows = corpus.stream().mapToLong(file -> file.times().length).sum();
        final double threshold = 1 - config.get(Settings.SCORING_FALSE_ALARM_RATE);
        final long start = System.nanoTime();
        final AtomicLong rowsDone = new AtomicLong();
        final AtomicInteger filesDone = new AtomicInteger();
        final ExecutorService pool = Executors.newFixedThreadPool(jobs);
        final List<Future<TopologyReplay.Outcome>> replays = new ArrayList<>();
        try {
            for (final NabCorpus.DataFile file : corpus) {
                replays.add(pool.submit(() -> {
                    final TopologyReplay.Outcome outcome = replay(file);
                    writeResults(outDir.resolve("results").resolve(resultName(file)), file, outcome.scores());
                    writeDetails(outDir.resolve("details").resolve(file.name()), file, outcome);
                    plot(outDir.resolve("plots").resolve(file.name().replace(".csv", ".png")), file, outcome.detected());
                    final SegmentCounts counts = segments(outcome.detected(), file.windows());
                    final long rows = rowsDone.addAndGet(file.times().length);
                    final double rate = rows / ((System.nanoTime() - start) / 1e9);
                    synchronized (out) {
                        out.printf(Locale.ROOT, "[%d/%d] %s: %,d rows, %d windows, %d detections  |  %,.0f rows/s, about %.0f s left%n",
                                filesDone.incrementAndGet(), corpus.size(), file.name(), file.times().length, file.windows().size(),
                                counts.truePositives() + counts.falsePositives(), rate, (totalRows - rows) / rate);
                        out.flush();
                    }
                    return outcome;
                }));
            }
            final List<NabScorer.FileScores> scored = new ArrayList<>();
            final Map<String, SegmentCounts> byCategory = new TreeMap<>();
            final Map<String, SegmentCounts> byFile = new LinkedHashMap<>();
            for (int i = 0; i < corpus.size(); i++) {
                final NabCorpus.DataFile file = corpus.get(i);
                final TopologyReplay.Outcome outcome = replays.get(i).get();
                scored.add(new NabScorer.FileScores(file.name(), outcome.scores(), file.windows()));
                final SegmentCounts counts = segments(outcome.detected(), file.windows());
                byFile.put(file.name(), counts);
                byCategory.merge(file.category(), counts, SegmentCounts::plus);
            }
            final Map<NabScorer.Profile, NabScorer.Result> nab = new LinkedHashMap<>();
            for (final NabScorer.Profile profile : NabScorer.Profile.values()) {
                nab.put(profile, NabScorer.score(scored, profile));
            }
            final String report = report(corpus, nab, byCategory, byFile, threshold);
            Files.writeString(outDir.resolve("report.md"), report);
            return report;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Evaluating a file failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private TopologyReplay.Outcome replay(final NabCorpus.DataFile file) throws IOException {
        final Path stateDir = Files.createTempDirectory("twinstream-evaluate-");
        try {
            return new TopologyReplay(config).replay(file.name(), file.times(), file.values(), stateDir);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    /** Overlapping-segment counts: runs of detected rows against the labelled windows. */
    static SegmentCounts segments(final boolean[] detected, final List<int[]> windows) {
        final List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < detected.length; i++) {
            if (detected[i] && (i == 0 || !detected[i - 1])) {
                runs.add(new int[] {i, i});
            }
            if (detected[i]) {
                runs.get(runs.size() - 1)[1] = i;
            }
        }
        int truePositives = 0;
        for (final int[] window : windows) {
            if (runs.stream().anyMatch(run -> run[0] <= window[1] && run[1] >= window[0])) {
                truePositives++;
            }
        }
        final int falsePositives = (int) runs.stream()
                .filter(run -> windows.stream().noneMatch(window -> run[0] <= window[1] && run[1] >= window[0])).count();
        return new SegmentCounts(truePositives, windows.size() - truePositives, falsePositives);
    }

    private static Path resultName(final NabCorpus.DataFile file) {
        final String name = file.name();
        final int slash = name.lastIndexOf('/');
        return Path.of(name.substring(0, slash + 1) + "twinstream_" + name.substring(slash + 1));
    }

    private static void writeResults(final Path path, final NabCorpus.DataFile file, final double[] scores) throws IOException {
        Files.createDirectories(path.getParent());
        final StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score,label\n");
        for (int i = 0; i < scores.length; i++) {
            final int row = i;
            final boolean label = file.windows().stream().anyMatch(window -> row >= window[0] && row <= window[1]);
            csv.append(file.texts().get(i)).append(',').append(file.values()[i]).append(',').append(scores[i]).append(',')
                    .append(label ? 1 : 0).append('\n');
        }
        Files.writeString(path, csv);
    }

    /**
     * Per row, what judged the window its point cut: its raw score, calibrated score and the judging model's version
     * (empty where no model scored it), for tuning.
     */
    private static void writeDetails(final Path path, final NabCorpus.DataFile file, final TopologyReplay.Outcome outcome)
            throws IOException {
        Files.createDirectories(path.getParent());
        final StringBuilder csv = new StringBuilder("timestamp,raw_score,calibrated_score,flagged,model_version\n");
        for (int i = 0; i < outcome.scores().length; i++) {
            final boolean scored = outcome.modelVersions()[i] >= 0;
            csv.append(file.texts().get(i)).append(',').append(scored ? String.valueOf(outcome.rawScores()[i]) : "").append(',')
                    .append(scored ? String.valueOf(outcome.calibratedScores()[i]) : "").append(',')
                    .append(outcome.windowsFlagged()[i] ? 1 : 0).append(',')
                    .append(scored ? String.valueOf(outcome.modelVersions()[i]) : "").append('\n');
        }
        Files.writeString(path, csv);
    }

    /** The series, its labelled windows (green) and its detections (red), as a PNG. */
    private static void plot(final Path path, final NabCorpus.DataFile file, final boolean[] detected) throws IOException {
        final int width = 1200;
        final int height = 320;
        final int margin = 30;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        final int rows = file.values().length;
        final double xScale = (width - 2.0 * margin) / Math.max(1, rows - 1);
        g.setColor(new Color(170, 220, 170));
        for (final int[] window : file.windows()) {
            g.fillRect((int) (margin + window[0] * xScale), margin, Math.max(1, (int) ((window[1] - window[0]) * xScale)), height - 2 * margin);
        }
        g.setColor(new Color(240, 120, 120));
        for (int i = 0; i < rows; i++) {
            if (detected[i]) {
                g.fillRect((int) (margin + i * xScale), height - margin - 12, Math.max(1, (int) Math.ceil(xScale)), 12);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final double value : file.values()) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        final double span = max > min ? max - min : 1;
        final Path2D line = new Path2D.Double();
        for (int i = 0; i < rows; i++) {
            final double x = margin + i * xScale;
            final double y = height - margin - 14 - (file.values()[i] - min) / span * (height - 2 * margin - 16);
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(new Color(31, 119, 180));
        g.setStroke(new BasicStroke(1f));
        g.draw(line);
        g.setColor(Color.DARK_GRAY);
        g.drawString(file.name() + "  (green: labelled windows, red: detections)", margin, 18);
        g.dispose();
        Files.createDirectories(path.getParent());
        ImageIO.write(image, "png", path.toFile());
    }

    private String report(final List<NabCorpus.DataFile> corpus, final Map<NabScorer.Profile, NabScorer.Result> nab,
                                 final Map<String, SegmentCounts> byCategory, final Map<String, SegmentCounts> byFile, final double threshold) {
        final StringBuilder md = new StringBuilder("# Twinstream anomaly evaluation\n\n");
        md.append(String.format(Locale.ROOT, "%d files, %,d rows, %d labelled windows.%n%n", corpus.size(),
                corpus.stream().mapToLong(file -> file.times().length).sum(), corpus.stream().mapToInt(file -> file.windows().size()).sum()));
        md.append("## NAB score\n\n| profile | Twinstream | threshold | windows detected | false positives | windows missed |\n|---|---|---|---|---|---|\n");
        nab.forEach((profile, result) -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %d | %d | %d |%n",
                profile.name().toLowerCase(Locale.ROOT), result.normalised(), thresholdText(result.threshold(), threshold),
                result.truePositives(), result.falsePositives(), result.falseNegatives())));
        md.append(String.format(Locale.ROOT, "%nA row where an anomaly was reported scores %.6f + %.6f × s / (1 + s), s the anomaly's "
                + "severity (its raw score over its series' median one), above every other row; a threshold above %.6f counts the reported "
                + "anomalies with at least the severity given.%n", threshold, 1 - threshold, threshold));
        md.append("\nPublished NAB standard scores (whole NAB corpus): ");
        md.append(String.join(", ", NAB_REFERENCES.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append(".\n\n");
        md.append(String.format(Locale.ROOT, "## Overlapping segments (detection: a reported anomaly's windows, opened by calibrated scores "
                + "above %.6f spanning at least %d point(s), held open by scores of at least %.4f, or opened by scores of at least that spanning at least %d point(s), "
                + "reported at a window of severity %.2f or more, %.2f while its series' calibration holds fewer than %d scores)%n%n", threshold,
                config.get(Settings.SCORING_CONFIRM_POINTS), config.get(Settings.SCORING_HOLD_SCORE), config.get(Settings.SCORING_SUSTAIN_POINTS),
                config.get(Settings.SCORING_MIN_SEVERITY), config.get(Settings.SCORING_UNSETTLED_MIN_SEVERITY),
                config.settledWindows()));
        md.append("| category | precision | recall | F1 | TadGAN F1 (Orion) |\n|---|---|---|---|---|\n");
        byCategory.forEach((category, counts) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s |%n", category,
                counts.precision(), counts.recall(), counts.f1(),
                TADGAN_F1.containsKey(category) ? String.format(Locale.ROOT, "%.2f", TADGAN_F1.get(category)) : "-")));
        md.append("\n## Files\n\n| file | windows detected | missed | false positives | picture |\n|---|---|---|---|---|\n");
        byFile.forEach((name, counts) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | [png](plots/%s) |%n", name,
                counts.truePositives(), counts.falseNegatives(), counts.falsePositives(), name.replace(".csv", ".png"))));
        return md.toString();
    }

    /** A NAB threshold on row scores; above the flag threshold, also as the reported anomalies' score it counts from. */
    static String thresholdText(final double rowThreshold, final double flagThreshold) {
        if (rowThreshold <= flagThreshold) {
            return String.format(Locale.ROOT, "%.6f", rowThreshold);
        }
        final double share = (rowThreshold - flagThreshold) / (1 - flagThreshold);
        return share >= 1 ? String.format(Locale.ROOT, "%.8f (no anomaly)", rowThreshold)
                : String.format(Locale.ROOT, "%.8f (anomalies of severity %.3f or more)", rowThreshold, TopologyReplay.severityOf(share));
    }

    private static Map<String, Double> references(final Object... pairs) {
        final Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return map;
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
