package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.config.Setting;
import io.twinstream.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(final String... args) {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "produce", "bench", "evaluate"})
    void shouldListEverySettingWithItsDefaultInHelp(final String command) {
        final Run help = run(command, "--help");
        assertEquals(0, help.exitCode());
        for (final Setting<?> setting : Settings.ALL) {
            assertTrue(help.out().contains("--" + setting.key()), command + " help lacks " + setting.key());
            final String shown = setting.defaultValue().isEmpty() ? "(none)" : setting.defaultValue();
            // help text wraps at spaces and dots, so compare without white space
            assertTrue(help.out().replaceAll("\\s+", "").contains("Default:" + shown.replaceAll("\\s+", "")),
                    command + " help lacks default of " + setting.key());
        }
        assertTrue(help.out().contains("--set"));
    }

    @Test
    void shouldFailAtStartNamingTheBadSetting() {
        final Run bad = run("run", "--window.length", "1", "--bootstrap.servers", "127.0.0.1:1");
        assertEquals(Main.EXIT_CONFIG, bad.exitCode());
        assertTrue(bad.err().contains("Setting 'window.length' has value '1': expected an integer from 2 to 4096."), bad.err());
    }

    @Test
    void shouldAskForBootstrapServersWhenRunHasNone() {
        final Run missing = run("run");
        assertEquals(Main.EXIT_CONFIG, missing.exitCode());
        assertTrue(missing.err().contains("'bootstrap.servers' is empty"), missing.err());
    }

    @Test
    void shouldRejectUnknownSettingGivenWithSet() {
        final Run unknown = run("run", "--set", "window.size=5");
        assertEquals(Main.EXIT_CONFIG, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown setting 'window.size'"), unknown.err());
    }

    @Test
    void shouldEvaluateTheSyntheticSequencesOfACsvFromTheCommandLine(@TempDir final Path dir) throws Exception {
        final StringBuilder csv = new StringBuilder("load,temperature\n");
        for (int row = 0; row < 300; row++) {
            csv.append(Math.sin(row / 5.0)).append(',').append(Math.cos(row / 7.0)).append('\n');
        }
        Files.writeString(dir.resolve("data.csv"), csv);

        final Run evaluation = run("evaluate", "synthetic", "--data", dir.resolve("data.csv").toString(), "--out", dir.resolve("out").toString(),
                "--steps", "20", "--repeats", "1", "--length", "8", "--jobs", "1", "--model.hidden-size", "4", "--model.layers", "1",
                "--model.batch-size", "16", "--trainer.steps-per-round", "10", "--trainer.held-back", "10", "--trainer.tolerance", "10");

        assertEquals(0, evaluation.exitCode(), evaluation.err());
        assertTrue(evaluation.out().contains("data.csv (300 rows x 2 columns, 293 windows of 8 steps)"), evaluation.out());
        assertTrue(evaluation.out().contains("training round 2/2: 20 of 20 steps"), evaluation.out());
        assertTrue(evaluation.out().contains("repeat 1/1: discriminative"), evaluation.out());
        assertTrue(Files.readString(dir.resolve("out/report.md")).contains("| **Twinstream** |"));
        assertEquals(1 + 293 * 8, Files.readAllLines(dir.resolve("out/synthetic.csv")).size());
    }

    @Test
    void shouldSayWhatEvaluationsThereAreAndWhatDataTheyNeed() {
        final Run unknown = run("evaluate", "pictures");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown evaluation 'pictures'; there are: anomalies, synthetic"), unknown.err());
        final Run missing = run("evaluate", "synthetic", "--data", "no-such-file.csv");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--data must be 'sines' or a CSV file of numeric columns; there is no file no-such-file.csv"),
                missing.err());
    }

    @Test
    void shouldSayWhichKafkaClientSettingTheClientRefusesWithoutAStackTrace() {
        final Run refused = run("run", "--bootstrap.servers", "127.0.0.1:1", "--cluster.timeout-ms", "1500",
                "--set", "kafka.security.protocol=BOGUS");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().startsWith("Kafka client error: "), refused.err());
        assertTrue(refused.err().contains("BOGUS"), refused.err());
        assertFalse(refused.err().contains("\tat "), refused.err());
    }

    @Test
    void shouldSayClearlyWhenTheClusterCannotBeReached() {
        final Run unreachable = run("run", "--bootstrap.servers", "127.0.0.1:1", "--cluster.timeout-ms", "1500");
        assertEquals(1, unreachable.exitCode());
        assertTrue(unreachable.err().contains("Cannot reach the Kafka cluster at '127.0.0.1:1' within 1500 ms"), unreachable.err());
    }
}
