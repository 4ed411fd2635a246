package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench model}: measures the model on this machine and prints the figures beside the baseline's. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Benchmark a part of the service on this machine; 'model' times scoring and training against the "
                + "MultiLayerNetwork baseline and the machine's GEMM rate. Set OMP_NUM_THREADS=1 before the JVM starts.")
final class BenchCommand extends ServiceCommand {

    @Parameters(index = "0", paramLabel = "TARGET", description = "What to benchmark: model.")
    String target;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds each figure is measured over. Default: 3.")
    double seconds = 3;

    @Option(names = "--threads", paramLabel = "N", description = "Threads on each side (Twinstream's scoring, the baseline, the GEMM). Default: 1.")
    int threads = 1;

    @Override
    public Integer call() {
        if (!"model".equals(target)) {
            throw new IllegalArgumentException("Unknown benchmark '" + target + "'; the one there is: model");
        }
        final TwinstreamConfig config = config();
        if (threads < 1 || threads > Runtime.getRuntime().availableProcessors()) {
            throw new IllegalArgumentException("--threads must be from 1 to the " + Runtime.getRuntime().availableProcessors()
                    + " cores of this machine, not " + threads);
        }
        new ModelBenchmark(GanConfig.from(config), seconds, threads, out()).run();
        return 0;
    }
}
