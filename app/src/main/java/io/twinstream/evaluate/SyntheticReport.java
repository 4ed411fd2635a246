package io.twinstream.evaluate;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Writes what {@code evaluate synthetic} found: {@code report.md} (scores beside the published references, per repeat,
 * the model and its training), {@code synthetic.csv} (every generated sequence), {@code sequences.png} (real and
 * synthetic sequences side by side) and {@code pca.png} (both sets projected on the real sequences' two main axes).
 */
public final class SyntheticReport {

    private static final int PICTURE_SEQUENCES = 1_000;
    private static final Color REAL = new Color(31, 119, 180);
    private static final Color SYNTHETIC = new Color(230, 110, 40);

    private SyntheticReport() {
    }

    /** Writes everything under {@code outDir}; returns the report's text. */
    public static String write(final SyntheticEvaluation.Result result, final TwinstreamConfig config, final Path outDir) throws IOException {
        writeSequences(outDir.resolve("synthetic.csv"), result);
        plotSequences(outDir.resolve("sequences.png"), result);
        plotProjection(outDir.resolve("pca.png"), result);
        final String report = report(result, config);
        Files.writeString(outDir.resolve("report.md"), report);
        return report;
    }

    /** Mean and sample standard deviation of one figure over the repeats. */
    record Spread(double mean, double std) {

        static Spread of(final List<SyntheticEvaluation.Repeat> repeats, final ToDoubleFunction<SyntheticEvaluation.Repeat> figure) {
            final double mean = repeats.stream().mapToDouble(figure).average().orElse(Double.NaN);
            final double squares = repeats.stream().mapToDouble(r -> Math.pow(figure.applyAsDouble(r) - mean, 2)).sum();
            return new Spread(mean, repeats.size() > 1 ? Math.sqrt(squares / (repeats.size() - 1)) : 0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
        }
    }

    static String report(final SyntheticEvaluation.Result result, final TwinstreamConfig config) {
        final List<SyntheticEvaluation.Repeat> repeats = result.repeats();
        final Spread discriminative = Spread.of(repeats, SyntheticEvaluation.Repeat::discriminative);
        final Spread predictive = Spread.of(repeats, SyntheticEvaluation.Repeat::predictive);
        final Spread realPredictive = Spread.of(repeats, SyntheticEvaluation.Repeat::realPredictive);
        final GanConfig model = result.model().config();
        final StringBuilder md = new StringBuilder("# Twinstream synthetic-sequence evaluation\n\n");
        md.append("Data: ").append(result.data().name()).append(", values in [0, 1].\n\n");
        md.append(String.format(Locale.ROOT, "Model: generator and discriminator of %d LSTM layer(s) of %d units, %d noise values per step, "
                        + "discriminator view %s; %d rounds of the service's trainer (%d accepted) in %.0f s; the sequences come from the "
                        + "newest accepted model, version %d, made after %,d steps. Generated values outside the real ones' range [0, 1]: "
                        + "%.2f%%.%n%n", model.layers(), model.hiddenSize(), model.latentSize(),
                model.discriminatorView().name().toLowerCase(Locale.ROOT), result.rounds(), result.roundsAccepted(), result.trainingSeconds(),
                result.model().version(), result.model().trainingSteps(), 100 * result.outsideShare()));
        md.append(String.format(Locale.ROOT, "Scores: mean ± standard deviation over %d repeats, each with freshly trained post-hoc "
                + "models (GRU of %d unit(s); classifier 80/20 split, predictor trained on all synthetic and measured on all real "
                + "sequences). Lower is better for both.%n%n", repeats.size(), Math.max(1, result.data().features() / 2)));
        md.append("| | discriminative score | predictive score |\n|---|---|---|\n");
        md.append("| **Twinstream** | **").append(discriminative).append("** | **").append(predictive).append("** |\n");
        md.append("| post-hoc predictor trained on the real sequences (this run) | | ").append(realPredictive).append(" |\n");
        for (final SyntheticEvaluation.Reference reference : SyntheticEvaluation.REFERENCES) {
            md.append(String.format(Locale.ROOT, "| %s (published, Sines) | %.3f | %.3f |%n", reference.model(), reference.discriminative(),
                    reference.predictive()));
        }
        md.append(String.format(Locale.ROOT, "| real data (published, Sines) | | %.3f |%n%n", SyntheticEvaluation.REAL_DATA_PREDICTIVE_REFERENCE));
        md.append(String.format(Locale.ROOT, "Targets: discriminative score under 0.05: %s (%.4f). Predictive score within 0.01 of the "
                        + "real data's: %s (%.4f against %.4f, a difference of %+.4f).%n%n", discriminative.mean() < 0.05 ? "met" : "not met",
                discriminative.mean(), Math.abs(predictive.mean() - realPredictive.mean()) <= 0.01 ? "met" : "not met", predictive.mean(),
                realPredictive.mean(), predictive.mean() - realPredictive.mean()));
        md.append("| repeat | discriminative | predictive | predictive, trained on real |\n|---|---|---|---|\n");
        for (int r = 0; r < repeats.size(); r++) {
            final SyntheticEvaluation.Repeat repeat = repeats.get(r);
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f |%n", r + 1, repeat.discriminative(), repeat.predictive(),
                    repeat.realPredictive()));
        }
        md.append("\nSettings changed from the defaults: ").append(config.describeChanges()).append(".\n\n");
        md.append("Generated sequences: [synthetic.csv](synthetic.csv) (sequence, step, then one column per feature).\n\n");
        md.append("![Real and synthetic sequences](sequences.png)\n\n");
        md.append("![Real and synthetic sequences on the real sequences' two principal axes](pca.png)\n");
        return md.toString();
    }

    private static void writeSequences(final Path path, final SyntheticEvaluation.Result result) throws IOException {
        final int features = result.data().features();
        try (BufferedWriter writer = Files.newBufferedWriter(path)) {
            writer.write("sequence,step," + String.join(",", result.data().columns()) + "\n");
            for (int s = 0; s < result.synthetic().size(); s++) {
                final double[] sequence = result.synthetic().get(s);
                for (int t = 0; t < result.data().length(); t++) {
                    final StringBuilder row = new StringBuilder().append(s).append(',').append(t);
                    for (int f = 0; f < features; f++) {
                        row.append(',').append((float) sequence[t * features + f]);
                    }
                    writer.write(row.append('\n').toString());
                }
            }
        }
    }

    /** Four real sequences above four synthetic ones, every feature a line, all on the [0, 1] scale. */
    private static void plotSequences(final Path path, final SyntheticEvaluation.Result result) throws IOException {
        final int cell = 240;
        final int columns = 4;
        final BufferedImage image = canvas(columns * cell, 2 * cell + 30);
        final Graphics2D g = graphics(image);
        g.setColor(Color.DARK_GRAY);
        g.drawString("top: real sequences; bottom: synthetic sequences (one line per feature, values in [0, 1])", 10, 18);
        final int length = result.data().length();
        final int features = result.data().features();
        for (int row = 0; row < 2; row++) {
            final List<double[]> sequences = row == 0 ? result.data().sequences() : result.synthetic();
            for (int c = 0; c < columns && c < sequences.size(); c++) {
                final int x0 = c * cell + 10;
                final int y0 = 30 + row * cell + 10;
                g.setColor(new Color(235, 235, 235));
                g.drawRect(x0, y0, cell - 20, cell - 20);
                for (int f = 0; f < features; f++) {
                    final Path2D line = new Path2D.Double();
                    for (int t = 0; t < length; t++) {
                        final double x = x0 + t * (cell - 20.0) / Math.max(1, length - 1);
                        final double y = y0 + (cell - 20) * (1 - clamp(sequences.get(c)[t * features + f]));
                        if (t == 0) {
                            line.moveTo(x, y);
                        } else {
                            line.lineTo(x, y);
                        }
                    }
                    g.setColor(Color.getHSBColor((float) f / features, 0.7f, row == 0 ? 0.6f : 0.85f));
                    g.draw(line);
                }
            }
        }
        g.dispose();
        ImageIO.write(image, "png", path.toFile());
    }

    /** Up to 1,000 sequences of each set, averaged over features per step, projected on the real ones' top two principal axes. */
    private static void plotProjection(final Path path, final SyntheticEvaluation.Result result) throws IOException {
        final double[][] real = stepMeans(result.data().sequences(), result.data().length(), result.data().features());
        final double[][] synthetic = stepMeans(result.synthetic(), result.data().length(), result.data().features());
        final PrincipalAxes axes = PrincipalAxes.fit(real, 2);
        final double[][] realPoints = axes.project(real);
        final double[][] syntheticPoints = axes.project(synthetic);
        double min0 = Double.POSITIVE_INFINITY;
        double max0 = Double.NEGATIVE_INFINITY;
        double min1 = Double.POSITIVE_INFINITY;
        double max1 = Double.NEGATIVE_INFINITY;
        for (final double[][] points : List.of(realPoints, syntheticPoints)) {
            for (final double[] p : points) {
                min0 = Math.min(min0, p[0]);
                max0 = Math.max(max0, p[0]);
                min1 = Math.min(min1, p[1]);
                max1 = Math.max(max1, p[1]);
            }
        }
        final int size = 560;
        final int margin = 30;
        final BufferedImage image = canvas(size, size);
        final Graphics2D g = graphics(image);
        g.setStroke(new BasicStroke(1f));
        for (final double[][] points : List.of(realPoints, syntheticPoints)) {
            g.setColor(points == realPoints ? new Color(31, 119, 180, 120) : new Color(230, 110, 40, 120));
            for (final double[] p : points) {
                final double x = margin + (p[0] - min0) / Math.max(1e-12, max0 - min0) * (size - 2 * margin);
                final double y = size - margin - (p[1] - min1) / Math.max(1e-12, max1 - min1) * (size - 2 * margin);
                g.fill(new Ellipse2D.Double(x - 2, y - 2, 4, 4));
            }
        }
        g.setColor(REAL);
        g.drawString("real", margin, 18);
        g.setColor(SYNTHETIC);
        g.drawString("synthetic", margin + 40, 18);
        g.setColor(Color.DARK_GRAY);
        g.drawString("on the real sequences' first two principal axes", margin + 110, 18);
        g.dispose();
        ImageIO.write(image, "png", path.toFile());
    }

    private static double[][] stepMeans(final List<double[]> sequences, final int length, final int features) {
        final int n = Math.min(PICTURE_SEQUENCES, sequences.size());
        final double[][] means = new double[n][length];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < features; f++) {
                    means[s][t] += sequences.get(s)[t * features + f] / features;
                }
            }
        }
        return means;
    }

    private static double clamp(final double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static BufferedImage canvas(final int width, final int height) {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(final BufferedImage image) {
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }
}
