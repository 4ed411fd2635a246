package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.avro.Window;
import io.twinstream.config.ProcessingGuarantee;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window stage end to end on a real (embedded, single-node KRaft) broker with exactly-once processing. */
class WindowStageIT {

    private static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0, 0, Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private TwinstreamConfig config(final String applicationId, final String prefix) {
        return TwinstreamConfig.of(Map.of("bootstrap.servers", broker.bootstrapServers(), "application.id", applicationId,
                "topic.prefix", prefix, "state.dir", stateDir.toString(), "window.length", "4", "window.stride", "2",
                "training.sample-rate", "1.0", "normalizer.settle-windows", "0", "commit.interval-ms", "100", "topics.partitions", "2"));
    }

    @Test
    void shouldWindowGoodPointsAndDeadLetterTheBadOneAmongThem() throws Exception {
        final TwinstreamConfig config = ClusterSetup.prepare(config("window-it", "w1."));
        assertEquals(ProcessingGuarantee.EXACTLY_ONCE_V2, config.get(Settings.PROCESSING_GUARANTEE), "the embedded broker supports transactions");
                try (PointPublisher publisher = new PointPublisher(config, 10_000)) {
            for (int i = 0; i < 10; i++) {
                publisher.send("alpha", 1_000L * i, new double[] {i});
                publisher.send("beta", 1_000L * i, new double[] {-i, i});
                if (i == 5) {
                    publisher.sendRaw("alpha", "}{ not avro".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
        try (TwinstreamService service = TwinstreamService.start(config, metrics)) {
            final List<Window> windows = TopicReader.read(broker.bootstrapServers(), config.topics().trainingWindows(), 8, WAIT,
                    Duration.ofSeconds(1), record -> WINDOWS.decode(record.value()));
            final List<DeadLetter> dead = TopicReader.read(broker.bootstrapServers(), config.topics().deadLetters(), 1, WAIT,
                    Duration.ZERO, record -> DEAD_LETTERS.decode(record.value()));
            assertEquals(8, windows.size(), "4 windows of each series (10 points, L=4, stride 2)");
            final Map<String, List<Window>> bySeries = windows.stream().collect(Collectors.groupingBy(Window::getSeriesId));
            assertEquals(List.of(2.0, 3.0, 4.0, 5.0), bySeries.get("alpha").get(1).getRaw());
            assertEquals(2, bySeries.get("beta").get(0).getFeatures());
            assertEquals(1, dead.size());
            assertEquals(DeadLetterReason.UNDECODABLE, dead.get(0).getReason());
            assertEquals(config.topics().points(), dead.get(0).getSourceTopic());
            assertEquals(21, metrics.pointsIn());
            assertFalse(service.stopped(), "a bad record must not stop the stream");
        }
    }

    @Test
    void shouldMeasureTheStreamsBacklogThatTheTrainerYieldsTo() throws Exception {
        final TwinstreamConfig config = ClusterSetup.prepare(config("backlog-it", "w3.").with(Map.of("trainer.backlog-points", "100")));
        try (PointPublisher publisher = new PointPublisher(config, 100_000)) {
            for (int i = 0; i < 250; i++) {
                publisher.send("alpha", 1_000L * i, new double[] {i});
                publisher.send("beta", 1_000L * i, new double[] {-i});
            }
        }
        try (BacklogProbe probe = BacklogProbe.forTrainer(config)) {
            // nothing consumed yet: the whole topic is the backlog
            assertEquals(500, probe.measure());
            assertTrue(probe.behind());
            try (TwinstreamService service = TwinstreamService.start(config, new TwinstreamMetrics(new SimpleMeterRegistry()))) {
                final long deadline = System.nanoTime() + WAIT.toNanos();
                while (probe.measure() != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(0, probe.measure(), "every point consumed and committed");
                Thread.sleep(1_100); // the probe looks again once its last look is a second old
                assertFalse(probe.behind());
                assertEquals(0, probe.backlog());
            }
        }
        assertNull(BacklogProbe.forTrainer(config.with(Map.of("trainer.backlog-points", "0"))), "0: never yield, nothing to look up");
    }

    @Test
    void shouldContinueWindowingExactlyAfterRestartWithLostLocalState() throws Exception {
        final TwinstreamConfig config = ClusterSetup.prepare(config("restart-it", "w2."));
                sendPoints(config, 0, 12);
        try (TwinstreamService service = TwinstreamService.start(config, new TwinstreamMetrics(new SimpleMeterRegistry()))) {
            final List<Window> before = readWindows(config, 5);
            assertEquals(5, before.size());
            assertFalse(service.stopped());
        }
        deleteRecursively(stateDir); // the restarted instance must rebuild its state from the changelog
        sendPoints(config, 12, 30);
        try (TwinstreamService service = TwinstreamService.start(config, new TwinstreamMetrics(new SimpleMeterRegistry()))) {
            final List<Window> all = readWindows(config, 14);
            assertEquals(14, all.size(), "(30 - 4) / 2 + 1 windows, none lost, none repeated");
            assertFalse(service.stopped());
            for (int w = 0; w < all.size(); w++) {
                final Window window = all.get(w);
                assertEquals(w, window.getSequence());
                final List<Double> expected = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    expected.add((double) (2 * w + t));
                }
                assertEquals(expected, window.getRaw());
            }
        }
    }

    private List<Window> readWindows(final TwinstreamConfig config, final int expected) {
        return TopicReader.read(broker.bootstrapServers(), config.topics().trainingWindows(), expected, WAIT, Duration.ofSeconds(2),
                record -> WINDOWS.decode(record.value()));
    }

    private static void sendPoints(final TwinstreamConfig config, final int from, final int to) throws InterruptedException {
        try (PointPublisher publisher = new PointPublisher(config, 10_000)) {
            for (int i = from; i < to; i++) {
                publisher.send("gamma", 1_000L * i, new double[] {i});
            }
            publisher.flush();
            publisher.checkFailures();
            assertEquals(to - from, publisher.acknowledged());
        }
    }

    private static void deleteRecursively(final Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(root)).forEach(path -> path.toFile().delete());
        }
    }
}
