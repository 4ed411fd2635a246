package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.PointGenerator;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of one application on one broker with six partitions of points: the partitions are shared, a model
 * from the one trainer reaches every instance, and when one instance stops mid-stream the others take over its
 * partitions and state: every window is scored exactly once and every series' windows keep their sequence.
 */
class MultiInstanceIT {

    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final int SERIES = 12;
    private static final int POINTS_PER_SERIES = 400;
    private static final int WINDOWS_PER_SERIES = (POINTS_PER_SERIES - 16) / 4 + 1;

    @TempDir
    Path stateDir;

    @Test
    void shouldShareTheWorkAndTakeOverAStoppedInstance() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = Feed.smallLoop(broker, Map.of("topics.partitions", "6", "normalizer.settle-windows", "4",
                    "trainer.round-windows", "100000", "trainer.round-interval-ms", "1000"));
            final List<TwinstreamMetrics> metrics = new ArrayList<>();
            final List<TwinstreamService> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                metrics.add(new TwinstreamMetrics(new SimpleMeterRegistry()));
                instances.add(TwinstreamService.start(config.with(Map.of("state.dir", stateDir.resolve("instance-" + i).toString(),
                        "trainer.enabled", "false")), metrics.get(i)));
            }
            final PointGenerator generator = new PointGenerator(SERIES, 1, 300_000L, 0.0, 9);
            try (PointPublisher publisher = new PointPublisher(config, 1_500);
                 TrainerService trainer = TrainerService.start(config, new TwinstreamMetrics(new SimpleMeterRegistry()))) {
                Feed.waitFor(() -> instances.stream().allMatch(instance -> instance.state() == KafkaStreams.State.RUNNING),
                        "three running instances");
                Feed.send(publisher, generator, SERIES * 150);
                // one trainer, and its model reaches every instance through the models topic
                Feed.waitFor(() -> instances.stream().allMatch(instance -> instance.currentModel().get() != null), "the model on every instance");
                assertTrue(metrics.stream().allMatch(m -> m.pointsIn() > 0), "every instance has partitions: "
                        + metrics.stream().map(TwinstreamMetrics::pointsIn).toList());

                // one instance stops while points keep arriving; the other two take over its partitions and state
                final AtomicReference<Exception> feedFailure = new AtomicReference<>();
                final Thread feed = new Thread(() -> {
                    try {
                        Feed.send(publisher, generator, SERIES * (POINTS_PER_SERIES - 150));
                    } catch (Exception e) {
                        feedFailure.set(e);
                    }
                });
                feed.start();
                Feed.waitFor(() -> publisher.sent() >= SERIES * 250L, "more points");
                instances.get(0).close();
                final long stoppedAt = metrics.get(0).pointsIn();
                feed.join();
                assertEquals(null, feedFailure.get());
                Feed.waitFor(() -> metrics.get(1).pointsIn() + metrics.get(2).pointsIn() + stoppedAt >= (long) SERIES * POINTS_PER_SERIES,
                        "the remaining instances to read the rest");
                assertTrue(trainer.failure() == null);
            }
            final List<WindowScore> scores = TopicReader.read(broker.bootstrapServers(), config.topics().scores(), SERIES * WINDOWS_PER_SERIES,
                    Duration.ofSeconds(90), Duration.ofSeconds(3), record -> SCORES.decode(record.value()));
            final Set<String> distinct = scores.stream().map(score -> score.getSeriesId() + "@" + score.getEndTime()).collect(Collectors.toSet());
            assertEquals(SERIES * WINDOWS_PER_SERIES, distinct.size(), "every window scored");
            assertEquals(SERIES * WINDOWS_PER_SERIES, scores.size(), "none scored twice");
            // each series' windows end every 4 points from its 16th: the window state moved with the partitions
            final Map<String, List<Long>> ends = new TreeMap<>();
            scores.forEach(score -> ends.computeIfAbsent(score.getSeriesId(), id -> new ArrayList<>()).add(score.getEndTime()));
            final List<Long> expected = LongStream.range(0, WINDOWS_PER_SERIES).map(w -> (15 + 4 * w) * 300_000L).boxed().toList();
            ends.forEach((series, times) -> assertEquals(expected, times.stream().map(t -> t - PointGenerator.START_TIME).sorted().toList(), series));
            assertEquals(SERIES, ends.size());
            for (int i = 1; i < 3; i++) {
                assertFalse(instances.get(i).stopped());
                instances.get(i).close();
            }
        }
    }
}
