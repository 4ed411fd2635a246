package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.ModelSnapshot;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GanSnapshotTest {

    private static final GanConfig CONFIG = new GanConfig(12, 2, 3, 8, 2, 1e-3, 1e-3, 16, 1, 21, 5.0, 0.9);

    private static GanSnapshot trainedSnapshot() {
        final SineWindows data = new SineWindows(24, 8);
        final GanTrainer trainer = new GanTrainer(CONFIG);
        final List<double[]> real = data.normal(200); // 24 values a window, read as 12 steps of 2 features
        final Random pick = new Random(2);
        for (int s = 0; s < 10; s++) {
            final List<double[]> batch = new java.util.ArrayList<>();
            for (int b = 0; b < CONFIG.batchSize(); b++) {
                batch.add(real.get(pick.nextInt(real.size())));
            }
            trainer.step(batch);
        }
        return trainer.snapshot(7, 1_700_000_000_000L, real.subList(0, 100));
    }

    @Test
    void shouldScoreAndGenerateIdenticallyAfterRoundTrip() {
        final GanSnapshot original = trainedSnapshot();
        final byte[] bytes = original.toBytes("twinstream");
        assertEquals((byte) 0xC3, bytes[0]);
        final GanSnapshot restored = GanSnapshot.fromBytes(bytes, CONFIG);
        final List<double[]> windows = new SineWindows(24, 99).normal(20);
        assertArrayEquals(original.score(windows), restored.score(windows));
        final List<double[]> a = original.generate(5, 42);
        final List<double[]> b = restored.generate(5, 42);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertEquals(7, restored.version());
        assertEquals(1_700_000_000_000L, restored.createdAt());
        assertEquals(10, restored.trainingSteps());
        assertEquals(original.generatorLosses(), restored.generatorLosses());
        assertEquals(original.discriminatorLosses(), restored.discriminatorLosses());
        assertEquals(10, restored.discriminatorLosses().size());
        assertEquals(CONFIG, restored.config());
    }

    @Test
    void shouldRejectDamagedParameters() {
        final ModelSnapshot record = trainedSnapshot().toRecord("twinstream");
        final ByteBuffer parameters = record.getParameters().duplicate();
        final byte[] damaged = new byte[parameters.remaining()];
        parameters.get(damaged);
        damaged[100] ^= 0x10;
        record.setParameters(ByteBuffer.wrap(damaged));
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GanSnapshot.fromRecord(record, CONFIG));
        assertTrue(error.getMessage().contains("'twinstream' version 7 is damaged"), error.getMessage());
    }

    @Test
    void shouldRejectTruncatedOrForeignBytes() {
        final byte[] bytes = trainedSnapshot().toBytes("twinstream");
        final byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GanSnapshot.fromBytes(truncated, CONFIG));
        assertTrue(error.getMessage().startsWith("Model snapshot cannot be read"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GanSnapshot.fromBytes("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
    }

    @Test
    void shouldRejectSnapshotMadeForOtherShapes() {
        final byte[] bytes = trainedSnapshot().toBytes("twinstream");
        final GanConfig wider = new GanConfig(12, 2, 3, 16, 2, 1e-3, 1e-3, 16, 1, 21, 5.0, 0.9);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GanSnapshot.fromBytes(bytes, wider));
        assertTrue(error.getMessage().contains("was made for windowLength=12, features=2, latentSize=3, hiddenSize=8, layers=2"),
                error.getMessage());
        assertTrue(error.getMessage().contains("this instance needs windowLength=12, features=2, latentSize=3, hiddenSize=16"));
        // other training settings (learning rates, seed) do not stop a model from loading
        final GanConfig otherRates = new GanConfig(12, 2, 3, 8, 2, 5e-4, 5e-4, 64, 2, 1, 1.0, 1.0);
        assertEquals(CONFIG, GanSnapshot.fromBytes(bytes, otherRates).config());
    }

    @Test
    void shouldRejectParametersThatDoNotFitTheConfiguration() {
        final ModelSnapshot record = trainedSnapshot().toRecord("twinstream");
        final java.util.Map<String, String> configuration = new java.util.HashMap<>(record.getConfiguration());
        configuration.put("hiddenSize", "9");
        record.setConfiguration(configuration);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GanSnapshot.fromRecord(record, null));
        assertTrue(error.getMessage().contains("parameters; its configuration"), error.getMessage());
    }

    @Test
    void shouldScoreTheSameWhileTheTrainerGoesOnInAnotherThread() throws Exception {
        final SineWindows data = new SineWindows(24, 8);
        final List<double[]> real = data.normal(200);
        final GanTrainer trainer = new GanTrainer(CONFIG);
        final GanSnapshot frozen = trainer.snapshot(1, 0, real.subList(0, 100));
        final List<double[]> windows = real.subList(100, 140);
        final double[] expected = frozen.score(windows);
        final Thread training = new Thread(() -> {
            for (int s = 0; s < 30; s++) {
                trainer.step(real.subList(0, CONFIG.batchSize()));
            }
        });
        training.start();
        final java.util.concurrent.ExecutorService scorers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            final List<java.util.concurrent.Future<double[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(scorers.submit(() -> frozen.score(windows)));
            }
            for (final java.util.concurrent.Future<double[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            scorers.shutdown();
        }
        training.join();
        assertEquals(30, trainer.steps());
        assertTrue(!java.util.Arrays.equals(expected, trainer.snapshot(2, 0, real.subList(0, 100)).score(windows)),
                "the trainer's newer model scores differently; the frozen one did not change");
    }

    @Test
    void shouldReadASnapshotWrittenBeforeItCarriedScoreMaps() throws java.io.IOException {
        final GanTrainer trainer = new GanTrainer(CONFIG);
        final GanSnapshot model = trainer.snapshot(7, 5L, List.of());
        final GanSnapshot read = GanSnapshot.fromBytes(inEarlierLayout(model.toRecord("m"), 1), CONFIG);
        assertEquals(7, read.version());
        assertEquals(null, read.scoreMapFrom(6));
        final List<double[]> windows = List.of(new double[24], new double[24]);
        assertArrayEquals(model.score(windows), read.score(windows));
    }

    @Test
    void shouldMeasureASnapshotWrittenBeforeDirectionsWereLeftOutOverAllOfItsFeatures() throws java.io.IOException {
        // Given a snapshot in the layout before featureDirectionsKept, its precision over all 24 features, as then
        final GanSnapshot model = trainedSnapshot();
        final ModelSnapshot current = model.toRecord("m");
        assertEquals(22, current.getFeatureDirectionsKept(), "2 of the 24 feature directions left out");

        // When it is read and scores windows
        final GanSnapshot read = GanSnapshot.fromBytes(inEarlierLayout(current, 2), CONFIG);
        final List<double[]> windows = new SineWindows(24, 5).normal(10);

        // Then its feature distance is divided by all 24 directions, as it was when it was written
        final double[] then = read.scoreParts(windows).featureDistance();
        final double[] now = model.scoreParts(windows).featureDistance();
        for (int i = 0; i < windows.size(); i++) {
            assertEquals(now[i] * Math.sqrt(22.0 / 24.0), then[i], 1e-9 * now[i]);
        }
    }

    /** {@code current} encoded with {@code schemas/previous/ModelSnapshot-<n>.avsc}, the fields that layout has. */
    private static byte[] inEarlierLayout(final ModelSnapshot current, final int n) throws java.io.IOException {
        final org.apache.avro.Schema earlier;
        try (java.io.InputStream in = GanSnapshotTest.class.getResourceAsStream("/schemas/previous/ModelSnapshot-" + n + ".avsc")) {
            earlier = new org.apache.avro.Schema.Parser().parse(in);
        }
        final org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(earlier);
        earlier.getFields().forEach(field -> old.put(field.name(), current.get(field.name())));
        final ByteBuffer encoded = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), earlier).encode(old);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
