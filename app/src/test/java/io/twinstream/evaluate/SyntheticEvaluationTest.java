package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.config.TwinstreamConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate synthetic}: the protocol's two scores, and a whole run on a small Sines set. */
class SyntheticEvaluationTest {

    @TempDir
    Path dir;

    private static final TwinstreamConfig SMALL_MODEL = TwinstreamConfig.of(Map.ofEntries(Map.entry("model.hidden-size", "8"),
            Map.entry("model.layers", "1"), Map.entry("model.latent-size", "2"), Map.entry("model.batch-size", "16"),
            Map.entry("trainer.steps-per-round", "20"), Map.entry("trainer.tolerance", "10"), Map.entry("trainer.held-back", "20"),
            Map.entry("model.discriminator-view", "sequence")));

    private SyntheticEvaluation evaluation(final StringWriter progress) {
        return new SyntheticEvaluation(SMALL_MODEL, new PrintWriter(progress, true), 2_000, 800);
    }

    @Test
    void shouldScoreSequencesLikeTheRealOnesNearZeroAndNoiseFarFromIt() {
        final SequenceData real = SequenceData.sines(1_000, 16, 2, 1);
        final List<double[]> alike = SequenceData.sines(1_000, 16, 2, 2).sequences();
        final Random random = new Random(3);
        final List<double[]> noise = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            final double[] sequence = new double[32];
            Arrays.setAll(sequence, k -> random.nextDouble());
            noise.add(sequence);
        }
        final SyntheticEvaluation evaluation = evaluation(new StringWriter());

        final SyntheticEvaluation.Repeat same = evaluation.repeat(real, alike, 4);
        final SyntheticEvaluation.Repeat unlike = evaluation.repeat(real, noise, 4);

        assertTrue(same.discriminative() < 0.1, "discriminative score of a second sample " + same.discriminative());
        assertTrue(Math.abs(same.predictive() - same.realPredictive()) < 0.02, same.toString());
        assertTrue(unlike.discriminative() > 0.4, "discriminative score of noise " + unlike.discriminative());
        assertTrue(unlike.predictive() > same.realPredictive() + 0.05, unlike + " against " + same);
    }

    @Test
    void shouldTrainTheModelGenerateAndWriteTheReport() throws Exception {
        final SequenceData sines = SequenceData.sines(300, 12, 2, 5);
        final StringWriter progress = new StringWriter();

        final SyntheticEvaluation.Result result = evaluation(progress).run(sines, 40, 2, 2);
        final String report = SyntheticReport.write(result, SMALL_MODEL, dir);

        assertTrue(progress.toString().contains("training round 2/2: 40 of 40 steps"), progress.toString());
        assertTrue(progress.toString().contains("repeat 2/2: discriminative"), progress.toString());
        assertEquals(300, result.synthetic().size());
        assertTrue(result.synthetic().stream().allMatch(s -> s.length == 24 && Arrays.stream(s).allMatch(Double::isFinite)));
        final double outside = result.synthetic().stream().flatMapToDouble(Arrays::stream).filter(v -> v < 0 || v > 1).count() / (300.0 * 24);
        assertEquals(outside, result.outsideShare(), 1e-12);
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "range [0, 1]: %.2f%%", 100 * outside)), report);
        assertEquals(2, result.repeats().size());
        for (final SyntheticEvaluation.Repeat repeat : result.repeats()) {
            assertTrue(repeat.discriminative() >= 0 && repeat.discriminative() <= 0.5, repeat.toString());
            assertTrue(repeat.predictive() > 0 && repeat.realPredictive() > 0, repeat.toString());
        }
        assertTrue(report.contains("| **Twinstream** | **"), report);
        assertTrue(report.contains("| TimeGAN (published, Sines) | 0.011 | 0.093 |"), report);
        assertTrue(report.contains("Settings changed from the defaults: model.latent-size=2, model.hidden-size=8, model.layers=1"), report);
        final List<String> csv = Files.readAllLines(dir.resolve("synthetic.csv"));
        assertEquals("sequence,step,sine0,sine1", csv.get(0));
        assertEquals(1 + 300 * 12, csv.size());
        assertTrue(Files.size(dir.resolve("sequences.png")) > 1_000);
        assertTrue(Files.size(dir.resolve("pca.png")) > 1_000);
    }
}
