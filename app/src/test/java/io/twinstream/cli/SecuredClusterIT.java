package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.WindowScore;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.PointGenerator;
import io.twinstream.model.GanSnapshot;
import io.twinstream.serde.AvroSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as its own process (`run`) against a broker whose client listener wants SASL: with the right SCRAM
 * credentials it works end to end (streams, trainer, producers, admin); with a wrong password it stops with a clear
 * authentication error; with PLAIN it runs too; no password appears in its output or in /metrics.
 */
class SecuredClusterIT {

    private static final String USER = "twinstream";
    private static final String PASSWORD = "scram-pass-7Hq2";
    private static final String PLAIN_PASSWORD = "plain-pass-4Kd9";
    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SMALL_MODEL = List.of("--window.length", "16", "--window.stride", "4", "--model.hidden-size", "8",
            "--model.layers", "1", "--model.latent-size", "2", "--model.batch-size", "16");

    @TempDir
    Path workDir;

    @Test
    void shouldRunEndToEndWithScramAndStopClearlyOnAWrongPassword() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSasl(Map.of(USER, PLAIN_PASSWORD))) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
            }
            final List<String> scram = security("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", PASSWORD);

            // the right credentials: points in through the service's own producer, scores and a model out
            final TwinstreamConfig clientConfig = TwinstreamConfig.of(Map.of("bootstrap.servers", broker.saslBootstrapServers(),
                    "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", PASSWORD)));
            final int port = freePort();
            final Path output = workDir.resolve("run.log");
            final List<String> run = new ArrayList<>(List.of("run", "--bootstrap.servers", broker.saslBootstrapServers(),
                    "--state.dir", workDir.resolve("state").toString(), "--http.port", Integer.toString(port),
                    "--training.sample-rate", "1.0", "--normalizer.settle-windows", "4",
                    "--trainer.min-windows", "100", "--trainer.round-windows", "150", "--trainer.steps-per-round", "20",
                    "--trainer.round-interval-ms", "1000", "--trainer.tolerance", "10", "--scoring.min-history", "10"));
            run.addAll(SMALL_MODEL);
            run.addAll(scram);
            final Process service = start(run, output);
            try {
                Feed.waitFor(() -> ready(port), "the secured service to be ready");
                try (PointPublisher publisher = new PointPublisher(ClusterSetup.prepare(clientConfig), 20_000)) {
                    Feed.send(publisher, new PointGenerator(4, 1, 300_000L, 0.0, 3), 2_400);
                }
                final List<WindowScore> scores = TopicReader.read(broker.bootstrapServers(), "scores", 4 * 147, Duration.ofSeconds(60),
                        Duration.ZERO, record -> SCORES.decode(record.value()));
                assertEquals(4 * 147, scores.size(), "every window scored");
                final List<Long> models = TopicReader.read(broker.bootstrapServers(), "models", 1, Duration.ofSeconds(60), Duration.ZERO,
                        record -> GanSnapshot.fromBytes(record.value(), null).version());
                assertFalse(models.isEmpty(), "the trainer published through SASL");
                final String metrics = get(port, "metrics");
                assertTrue(metrics.contains("twinstream_points_in_total 2400.0"), "the service read every point");
                assertFalse(metrics.contains(PASSWORD), "no password in /metrics");
            } finally {
                stop(service);
            }
            final String log = Files.readString(output);
            assertFalse(log.contains(PASSWORD), "no password in the output:\n" + log);

            // a wrong password: a clear error, soon, instead of retrying for ever
            final Path wrongOutput = workDir.resolve("wrong.log");
            final List<String> wrong = new ArrayList<>(List.of("run", "--bootstrap.servers", broker.saslBootstrapServers(),
                    "--state.dir", workDir.resolve("state-wrong").toString(), "--http.port", "0", "--cluster.timeout-ms", "20000"));
            wrong.addAll(security("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", "not-" + PASSWORD));
            final Process refused = start(wrong, wrongOutput);
            assertTrue(refused.waitFor(60, TimeUnit.SECONDS), "stopped by itself");
            assertNotEquals(0, refused.exitValue());
            final String refusal = Files.readString(wrongOutput);
            assertTrue(refusal.contains("Error: Cannot reach the Kafka cluster at '" + broker.saslBootstrapServers() + "'")
                    && refusal.contains("SaslAuthenticationException"), refusal);
            assertFalse(refusal.contains(PASSWORD), "no password in the output:\n" + refusal);

            // PLAIN passes through as well
            final int plainPort = freePort();
            final List<String> plain = new ArrayList<>(List.of("run", "--bootstrap.servers", broker.saslBootstrapServers(),
                    "--state.dir", workDir.resolve("state-plain").toString(), "--http.port", Integer.toString(plainPort),
                    "--application.id", "twinstream-plain"));
            plain.addAll(SMALL_MODEL); // the models topic holds the first run's models, which fit only these shapes
            plain.addAll(security("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", PLAIN_PASSWORD));
            final Path plainOutput = workDir.resolve("plain.log");
            final Process plainService = start(plain, plainOutput);
            try {
                Feed.waitFor(() -> ready(plainPort), "the service on PLAIN to be ready");
                assertTrue(get(plainPort, "ready").contains("loaded"), "it loaded the published model through PLAIN");
            } finally {
                stop(plainService);
            }
            assertFalse(Files.readString(plainOutput).contains(PLAIN_PASSWORD));
        }
    }

    private static List<String> security(final String mechanism, final String loginModule, final String password) {
        return List.of("--set", "kafka.security.protocol=SASL_PLAINTEXT", "--set", "kafka.sasl.mechanism=" + mechanism,
                "--set", "kafka.sasl.jaas.config=" + jaas(loginModule, password));
    }

    private static String jaas(final String loginModule, final String password) {
        return loginModule + " required username=\"" + USER + "\" password=\"" + password + "\";";
    }

    /** Starts {@code Main} with these arguments in a JVM of its own, on this test's class path, output to a file. */
    private static Process start(final List<String> arguments, final Path output) throws IOException {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** Stops the process as Ctrl-C or a container stop would (SIGTERM) and waits for it. */
    private static void stop(final Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The service did not stop within 60 s of SIGTERM");
        }
    }

    private static boolean ready(final int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String get(final int port, final String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
