package io.twinstream.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twinstream.avro.DataPoint;
import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.Window;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The topology in a {@link TopologyTestDriver}, with helpers to send points and read windows and dead letters. */
final class TopologyFixture implements AutoCloseable {

    static final AvroSerde<DataPoint> POINTS = AvroSerde.of(DataPoint.class);
    static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

    final TwinstreamConfig config;
    final TwinstreamMetrics metrics = new TwinstreamMetrics(new SimpleMeterRegistry());
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> points;
    final TestOutputTopic<String, Window> trainingWindows;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;

    TopologyFixture(final Path stateDir, final Map<String, String> settings) {
        // every window goes to the training-windows topic, where the tests read them, unless a test says otherwise
        final Map<String, String> all = new HashMap<>(Map.of("training.sample-rate", "1.0", "normalizer.settle-windows", "0",
                "bootstrap.servers", "unused:9092", "state.dir", stateDir.toString(), "processing.guarantee", "at_least_once"));
        all.putAll(settings);
        this.config = TwinstreamConfig.of(all);
        final Properties props = StreamsSettings.from(config);
        this.driver = new TopologyTestDriver(TwinstreamTopology.buildTopology(config, metrics), props);
        this.points = driver.createInputTopic(config.topics().points(), new ByteArraySerializer(), new ByteArraySerializer());
        this.trainingWindows = driver.createOutputTopic(config.topics().trainingWindows(), new StringDeserializer(), WINDOWS.deserializer());
        this.deadLetters = driver.createOutputTopic(config.topics().deadLetters(), new ByteArrayDeserializer(), DEAD_LETTERS.deserializer());
    }

    /** Sends a point keyed by its series id. */
    void send(final String seriesId, final long timestamp, final double... values) {
        sendRaw(seriesId, POINTS.encode(point(seriesId, timestamp, values)));
    }

    void sendRaw(final String key, final byte[] value) {
        points.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    static DataPoint point(final String seriesId, final long timestamp, final double... values) {
        final List<Double> list = new ArrayList<>();
        for (final double value : values) {
            list.add(value);
        }
        return new DataPoint(seriesId, timestamp, list);
    }

    List<Window> windows() {
        return trainingWindows.readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
