package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench model}: measures the model on this machine and prints the figures beside the baseline's. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Benchmark a part of the service on this machine; 'model' times scoring and training against the "
                + "MultiLayerNetwork baseline and the machine's GEMM rate; 'pipeline' runs the topology on an embedded broker and "
                + "measures throughput and latency with a no-op scorer, the model, and the model while training. Set OMP_NUM_THREADS=1 before the JVM starts.")
final class BenchCommand extends ServiceCommand {

    @Parameters(index = "0", paramLabel = "TARGET", description = "What to benchmark: model or pipeline.")
    String target;

    @Option(names = "--seconds", paramLabel = "S", description = "model: seconds each figure is measured over; pipeline: seconds of the "
            + "latency phase of each run. Default: 3 (model), 15 (pipeline).")
    Double seconds;

    @Option(names = "--backlog", paramLabel = "N", description = "pipeline: points waiting when the service starts, for the throughput "
            + "phase. Default: 150000.")
    int backlog = 150_000;

    @Option(names = "--rate", paramLabel = "P", description = "pipeline: points/s during the latency phase. Default: 2000.")
    double rate = 2_000;

    @Option(names = "--rounds", paramLabel = "R", description = "pipeline: times each mode runs, in turn; the best is compared. Default: 2.")
    int rounds = 2;

    @Option(names = "--threads", paramLabel = "N", description = "Threads on each side (Twinstream's scoring, the baseline, the GEMM). Default: 1.")
    int threads = 1;

    @Override
    public Integer call() throws Exception {
        final TwinstreamConfig config = config();
        if ("pipeline".equals(target)) {
            new PipelineBenchmark(config, backlog, rate, seconds == null ? 15 : seconds, rounds, out()).run();
            return 0;
        }
        if (!"model".equals(target)) {
            throw new IllegalArgumentException("Unknown benchmark '" + target + "'; there are: model, pipeline");
        }
        if (threads < 1 || threads > Runtime.getRuntime().availableProcessors()) {
            throw new IllegalArgumentException("--threads must be from 1 to the " + Runtime.getRuntime().availableProcessors()
                    + " cores of this machine, not " + threads);
        }
        new ModelBenchmark(GanConfig.from(config), seconds == null ? 3 : seconds, threads, out()).run();
        return 0;
    }
}
