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

    @Override
    public Integer call() {
        if (!"model".equals(target)) {
            throw new IllegalArgumentException("Unknown benchmark '" + target + "'; the one there is: model");
        }
        final TwinstreamConfig config = config();
        new ModelBenchmark(GanConfig.from(config), seconds, out()).run();
        return 0;
    }
}
