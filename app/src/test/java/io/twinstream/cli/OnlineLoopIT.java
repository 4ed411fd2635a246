package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.SyntheticSequence;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.PointGenerator;
import io.twinstream.model.GanSnapshot;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Points in; a trained model published, loaded and scoring; synthetic sequences out; the trainer resumes after a restart. */
class OnlineLoopIT {

    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);
    private static final AvroSerde<SyntheticSequence> SYNTHETIC = AvroSerde.of(SyntheticSequence.class);

    @TempDir
    Path stateDir;

    @Test
    void shouldTrainPublishLoadScoreAndSynthesiseThenResumeFromTheNewestModel() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = Feed.smallLoop(broker, Map.of("state.dir", stateDir.toString(), "trainer.round-windows", "150",
                    "trainer.round-interval-ms", "2000", "synthetic.per-model", "3", "commit.interval-ms", "200",
                    "trainer.untrained-model-windows", "40"));
            final PointGenerator generator = new PointGenerator(4, 1, 300_000L, 0.0, 5);
            final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
            try (TwinstreamService service = TwinstreamService.start(config, metrics);
                 TrainerService trainer = TrainerService.start(config, metrics);
                 PointPublisher publisher = new PointPublisher(config, 20_000)) {
                Feed.send(publisher, generator, 2_400);
                Feed.waitFor(() -> service.currentModel().get() != null, "a model to be published and loaded");
                Feed.send(publisher, generator, 1_600);
                final List<WindowScore> scores = TopicReader.read(broker.bootstrapServers(), config.topics().scores(), 1_000,
                        Duration.ofSeconds(60), Duration.ofSeconds(2), record -> SCORES.decode(record.value()));
                assertTrue(scores.stream().anyMatch(score -> score.getModelVersion() >= 1 && "SCORED".equals(score.getState())),
                        "windows scored by the published model");
                assertTrue(scores.stream().allMatch(score -> score.getModelVersion() >= 0 || "WARMING_UP".equals(score.getState())),
                        "nothing is scored without a model");
                // before the first round, the model as initialised: version 0, untrained, and no synthetic sequences from it
                final List<GanSnapshot> models = TopicReader.read(broker.bootstrapServers(), config.topics().models(), 2,
                        Duration.ofSeconds(30), Duration.ofSeconds(1), record -> GanSnapshot.fromBytes(record.value(), null));
                assertEquals(0, models.get(0).version());
                assertFalse(models.get(0).trained());
                assertEquals(List.of(1L, 0L), List.of(models.get(1).version(), models.get(0).trainingSteps()));
                assertTrue(models.get(1).trained());
                final List<SyntheticSequence> synthetic = TopicReader.read(broker.bootstrapServers(), config.topics().synthetic(), 3,
                        Duration.ofSeconds(30), Duration.ZERO, record -> SYNTHETIC.decode(record.value()));
                assertTrue(synthetic.size() >= 3);
                final SyntheticSequence first = synthetic.get(0);
                assertEquals(16, first.getValues().size());
                assertTrue(first.getTemplateSeriesId().startsWith("series-"));
                assertTrue(synthetic.stream().allMatch(sequence -> sequence.getModelVersion() >= 1), "none from the untrained model");
                assertTrue(first.getValues().stream().allMatch(Double::isFinite));
                assertFalse(service.stopped());
                assertEquals(null, trainer.failure());
                // every step of the rounds so far counted, none yielding: the backlog never neared 20,000 points
                assertTrue(metrics.trainingSteps(false) >= models.get(1).trainingSteps(), "steps " + metrics.trainingSteps(false));
                assertEquals(0, metrics.trainingSteps(true));
            }
            final long published = TopicReader.read(broker.bootstrapServers(), config.topics().models(), 1, Duration.ofSeconds(10),
                    Duration.ofSeconds(1), record -> GanSnapshot.fromBytes(record.value(), null).version())
                    .stream().mapToLong(Long::longValue).max().orElseThrow();

            // a new trainer continues from the newest published model: its first model is the next version
            final TwinstreamMetrics restarted = new TwinstreamMetrics(new SimpleMeterRegistry());
            try (TwinstreamService service = TwinstreamService.start(config, restarted);
                 TrainerService trainer = TrainerService.start(config.with(Map.of("trainer.round-windows", "50")), restarted);
                 PointPublisher publisher = new PointPublisher(config, 20_000)) {
                Feed.waitFor(() -> restarted.modelVersion() == published, "the trainer to continue from version " + published);
                Feed.send(publisher, generator, 1_200);
                Feed.waitFor(() -> restarted.roundsAccepted() >= 1, "a round after the restart");
                assertFalse(service.stopped());
                assertEquals(null, trainer.failure());
            }
            final long newest = TopicReader.read(broker.bootstrapServers(), config.topics().models(), 1, Duration.ofSeconds(10),
                    Duration.ofSeconds(1), record -> GanSnapshot.fromBytes(record.value(), null).version())
                    .stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(published + 1, newest);
        }
    }
}
