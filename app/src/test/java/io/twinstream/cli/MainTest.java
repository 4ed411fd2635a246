package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.config.Setting;
import io.twinstream.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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
    @ValueSource(strings = {"run", "demo", "produce", "bench"})
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
    void shouldSayClearlyWhenTheClusterCannotBeReached() {
        final Run unreachable = run("run", "--bootstrap.servers", "127.0.0.1:1", "--cluster.timeout-ms", "1500");
        assertEquals(1, unreachable.exitCode());
        assertTrue(unreachable.err().contains("Cannot reach the Kafka cluster at '127.0.0.1:1' within 1500 ms"), unreachable.err());
    }
}
