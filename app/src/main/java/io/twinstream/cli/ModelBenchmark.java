package io.twinstream.cli;

import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import io.twinstream.model.NativeEnvironment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the model's scoring and training and the {@link MultiLayerBaseline}'s, in one run, and relates scoring to
 * the machine's single-precision GEMM rate. Each figure is the rate over {@code seconds} after a warm-up.
 */
final class ModelBenchmark {

    private static final int[] SCORING_BATCHES = {1, 64, 256};
    private static final int GEMM_SIZE = 512;
    private static final int LATENCY_SAMPLES = 300;

    private final GanConfig config;
    private final double seconds;
    private final int threads;
    private final PrintWriter out;

    /** @param threads threads on both sides: Twinstream scores a batch in that many parts at once, ND4J and its BLAS use that many */
    ModelBenchmark(final GanConfig config, final double seconds, final int threads, final PrintWriter out) {
        this.config = config;
        this.seconds = seconds;
        this.threads = threads;
        this.out = out;
    }

    /** Scores a batch in {@code threads} contiguous parts at once, as that many stream threads would score their own. */
    private static double[] scoreInParts(final GanSnapshot model, final List<double[]> windows, final ExecutorService pool, final int parts)
            throws InterruptedException, ExecutionException {
        if (parts == 1 || windows.size() < parts) {
            return model.score(windows);
        }
        final List<Future<double[]>> futures = new ArrayList<>(parts);
        final int size = (windows.size() + parts - 1) / parts;
        for (int from = 0; from < windows.size(); from += size) {
            final List<double[]> part = windows.subList(from, Math.min(windows.size(), from + size));
            futures.add(pool.submit(() -> model.score(part)));
        }
        final double[] scores = new double[windows.size()];
        int at = 0;
        for (final Future<double[]> future : futures) {
            final double[] partScores = future.get();
            System.arraycopy(partScores, 0, scores, at, partScores.length);
            at += partScores.length;
        }
        return scores;
    }

    private static void setNd4jThreads(final int count) {
        Nd4j.factory().blas().setMaxThreads(count);
        Nd4j.getEnvironment().setMaxThreads(count);
        Nd4j.getEnvironment().setMaxMasterThreads(count);
    }

    /** Measures one operation; returns operations per second. */
    private double rate(final Runnable operation) {
        final long warmUntil = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmUntil) {
            operation.run();
        }
        long count = 0;
        final long start = System.nanoTime();
        final long end = start + (long) (seconds * 1e9);
        long now;
        do {
            operation.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    /** Median wall time of one call, ms. */
    private static double medianMillis(final Runnable operation) {
        for (int i = 0; i < LATENCY_SAMPLES / 3; i++) {
            operation.run();
        }
        final double[] samples = new double[LATENCY_SAMPLES];
        for (int i = 0; i < samples.length; i++) {
            final long start = System.nanoTime();
            operation.run();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    void run() {
        NativeEnvironment.prepare();
        // ND4J sizes its thread pools from the JVM's view of the environment, not the one set in-process: set them here.
        // Twinstream's own figures come first, each of its threads with a one-thread BLAS
        setNd4jThreads(1);
        final String ompThreads = System.getenv("OMP_NUM_THREADS");
        line("Twinstream model benchmark: one run on this machine (%d cores), %.1f s a figure", Runtime.getRuntime().availableProcessors(), seconds);
        line("settings: window.length=%d model.features=%d model.hidden-size=%d model.layers=%d model.latent-size=%d training batch=%d "
                + "discriminator-steps=%d; OMP_NUM_THREADS=%s", config.windowLength(), config.features(),
                config.hiddenSize(), config.layers(), config.latentSize(), config.batchSize(), config.discriminatorSteps(),
                ompThreads == null ? NativeEnvironment.applied().getOrDefault("OMP_NUM_THREADS", "unset") + " (set in-process)" : ompThreads);
        line("threads: %d on each side. Twinstream: %s; training on one thread. Baseline and GEMM: ND4J and OpenBLAS with %d thread(s)",
                threads, threads == 1 ? "one thread" : threads + " threads, each scoring its part of every batch (as that many stream threads "
                        + "would) with a one-thread BLAS", threads);
        final String kernel = System.getenv("OPENBLAS_CORETYPE");
        line("OpenBLAS kernel: %s", kernel != null ? kernel + " (from the environment)"
                : NativeEnvironment.applied().getOrDefault("OPENBLAS_CORETYPE", "detected by OpenBLAS") + " (set in-process)");
        out.flush();

        final double flopsPerWindow = config.lstmFlopsPerWindow(config.features());
        line("LSTM arithmetic: 8 x hidden x (inputs + hidden) per step and layer = %.3f MFLOP per window", flopsPerWindow / 1e6);
        out.flush();

        final Random random = new Random(1);
        final GanSnapshot model = new GanTrainer(config).snapshot(1, System.currentTimeMillis(), windows(256, random));
        final MultiLayerBaseline baseline = new MultiLayerBaseline(config.windowLength(), config.features(), config.latentSize(),
                config.hiddenSize(), config.layers(), config.seed());

        // every Twinstream figure first, then every baseline one, so neither runs beside the other's leftovers
        final double[] ours = new double[SCORING_BATCHES.length];
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < SCORING_BATCHES.length; i++) {
                final List<double[]> batchWindows = windows(SCORING_BATCHES[i], random);
                ours[i] = SCORING_BATCHES[i] * rate(() -> {
                    try {
                        scoreInParts(model, batchWindows, pool, threads);
                    } catch (InterruptedException | ExecutionException e) {
                        throw new IllegalStateException("Scoring failed", e);
                    }
                });
            }
        } finally {
            pool.shutdownNow();
        }
        final List<double[]> one = windows(1, random);
        final double latency = medianMillis(() -> model.score(one));
        final GanTrainer trainer = new GanTrainer(config);
        final List<double[]> real = windows(config.batchSize(), random);
        final double steps = rate(() -> trainer.step(real));

        setNd4jThreads(threads);
        final double gemmFlops = gemmRate();
        line("GEMM: sgemm %dx%dx%d through ND4J (OpenBLAS), %d thread(s): %.1f GFLOP/s", GEMM_SIZE, GEMM_SIZE, GEMM_SIZE, threads,
                gemmFlops / 1e9);

        final double[] theirs = new double[SCORING_BATCHES.length];
        for (int i = 0; i < SCORING_BATCHES.length; i++) {
            final INDArray baselineWindows = baseline.windows(SCORING_BATCHES[i]);
            theirs[i] = SCORING_BATCHES[i] * rate(() -> baseline.score(baselineWindows));
        }
        final INDArray baselineOne = baseline.windows(1);
        final double baselineLatency = medianMillis(() -> baseline.score(baselineOne));
        final INDArray baselineReal = baseline.windows(config.batchSize());
        final INDArray baselineFake = baseline.windows(config.batchSize());
        final INDArray baselineNoise = baseline.noise(config.batchSize(), config.latentSize());
        final double baselineSteps = rate(() -> baseline.adversarialStep(baselineReal, baselineFake, baselineNoise));

        line("");
        line("%-34s %14s %14s %8s", "scoring", "twinstream", "baseline", "ratio");
        for (int i = 0; i < SCORING_BATCHES.length; i++) {
            line("%-34s %14.0f %14.0f %7.1fx", "  windows/s at batch " + SCORING_BATCHES[i], ours[i], theirs[i], ours[i] / theirs[i]);
        }
        line("%-34s %14.3f %14.3f %7.1fx", "  one window, median ms", latency, baselineLatency, baselineLatency / latency);
        line("");
        line("%-34s %14s %14s %8s", "training at batch " + config.batchSize(), "twinstream", "baseline", "ratio");
        line("%-34s %14.1f %14.1f %7.1fx", "  adversarial steps/s", steps, baselineSteps, steps / baselineSteps);
        line("%-34s %14.0f %14.0f %7.1fx", "  real windows/s", steps * config.batchSize(), baselineSteps * config.batchSize(),
                steps / baselineSteps);
        final double oursAt256 = ours[SCORING_BATCHES.length - 1];
        final double baselineAt256 = theirs[SCORING_BATCHES.length - 1];

        final double achieved = oursAt256 * flopsPerWindow;
        line("");
        line("scoring at batch 256 does %.1f GFLOP/s of LSTM arithmetic: %.0f%% of this machine's GEMM rate", achieved / 1e9,
                100 * achieved / gemmFlops);
        line("targets: batch-256 scoring >= 10x baseline: %s (%.1fx); >= 20%% of GEMM rate: %s (%.0f%%); one window < 2 ms: %s (%.3f ms)",
                verdict(oursAt256 >= 10 * baselineAt256), oursAt256 / baselineAt256, verdict(achieved >= 0.2 * gemmFlops),
                100 * achieved / gemmFlops, verdict(latency < 2.0), latency);
        out.flush();
    }

    private double gemmRate() {
        final INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        final INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        final INDArray c = Nd4j.create(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        return 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE * rate(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
    }

    private List<double[]> windows(final int count, final Random random) {
        final List<double[]> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final double[] window = new double[config.windowLength() * config.features()];
            for (int j = 0; j < window.length; j++) {
                window[j] = random.nextGaussian();
            }
            windows.add(window);
        }
        return windows;
    }

    private static String verdict(final boolean met) {
        return met ? "met" : "NOT met";
    }

    private void line(final String format, final Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }
}
