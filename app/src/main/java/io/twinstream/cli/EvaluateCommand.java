package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.evaluate.AnomalyEvaluation;
import io.twinstream.evaluate.NabCorpus;
import io.twinstream.model.NativeEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evaluate anomalies}: anomaly quality on a labelled corpus in NAB's layout. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Evaluate the service's output. 'anomalies' replays every file of a NAB-layout folder through the service's "
                + "topology with online training and reports NAB scores and per-category precision, recall and F1.")
final class EvaluateCommand extends ServiceCommand {

    @Parameters(index = "0", paramLabel = "WHAT", description = "What to evaluate: anomalies.")
    String what;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of <category>/<name>.csv files (timestamp,value).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "The labelled windows, NAB's combined_windows.json.")
    Path labels;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results, pictures and report.md go. Default: evaluation.")
    Path out = Path.of("evaluation");

    @Option(names = "--jobs", paramLabel = "N", description = "Files replayed at once (each on one core). Default: the number of cores.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (!"anomalies".equals(what)) {
            throw new IllegalArgumentException("Unknown evaluation '" + what + "'; there is: anomalies");
        }
        if (data == null || !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data must name a folder of <category>/<name>.csv files, not " + data);
        }
        if (labels == null || !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--labels must name the labels file (combined_windows.json), not " + labels);
        }
        final TwinstreamConfig config = config();
        NativeEnvironment.prepare();
        final List<NabCorpus.DataFile> corpus = NabCorpus.read(data, labels);
        Files.createDirectories(out);
        out().println("Evaluating " + corpus.size() + " files from " + data + " into " + out);
        out().flush();
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
        }
        final String report = new AnomalyEvaluation(config, out()).run(corpus, out, jobs);
        out().println();
        out().println(report);
        out().println("Report: " + out.resolve("report.md"));
        return 0;
    }
}
