package io.twinstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinstream.avro.DataPoint;
import io.twinstream.config.InputFormat;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.serde.AvroSerde;
import io.twinstream.topology.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends data points to the points topic, keyed by series id, in the configured input format, at a steady rate.
 * A failed send is kept and reported by {@link #checkFailures()}, never ignored.
 */
final class PointPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroSerde<DataPoint> AVRO = AvroSerde.of(DataPoint.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final InputFormat format;
    private final double ratePerSecond;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;
    private long startNanos = -1;
    private boolean closed;

    PointPublisher(final TwinstreamConfig config, final double ratePerSecond) {
        final Properties props = StreamsSettings.client(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one batch in flight per broker: on a partition whose leader has just been elected, a refused first batch with
        // later batches already appended leaves an idempotent producer retrying an out-of-order sequence for ever
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = config.topics().points();
        this.format = config.get(Settings.INPUT_FORMAT);
        this.ratePerSecond = ratePerSecond;
    }

    /** Sends one point, first waiting as long as the rate requires. */
    void send(final String seriesId, final long timestamp, final double[] values) throws InterruptedException {
        sendRaw(seriesId, encode(seriesId, timestamp, values));
    }

    /** Sends a value exactly as given, keyed by series id, first waiting as long as the rate requires. */
    void sendRaw(final String seriesId, final byte[] value) throws InterruptedException {
        pace();
        final byte[] key = seriesId.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, error);
            }
        });
        sent++;
    }

    private void pace() throws InterruptedException {
        final long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        final long dueNanos = startNanos + (long) (sent * 1e9 / ratePerSecond);
        if (dueNanos > now) {
            final long waitNanos = dueNanos - now;
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    private byte[] encode(final String seriesId, final long timestamp, final double[] values) {
        if (format == InputFormat.JSON) {
            final ObjectNode node = JSON.createObjectNode().put("seriesId", seriesId).put("timestamp", timestamp);
            final ArrayNode array = node.putArray("values");
            for (final double value : values) {
                array.add(value);
            }
            return node.toString().getBytes(StandardCharsets.UTF_8);
        }
        final List<Double> list = new ArrayList<>(values.length);
        for (final double value : values) {
            list.add(value);
        }
        return AVRO.encode(new DataPoint(seriesId, timestamp, list));
    }

    long sent() {
        return sent;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** @throws IllegalStateException when any send has failed */
    void checkFailures() {
        final Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("Sending to '" + topic + "' failed: " + ClusterSetup.rootMessage(error), error);
        }
    }

    /** Waits until every record sent so far is acknowledged or has failed. */
    void flush() {
        producer.flush();
    }

    /** Waits for every send to be acknowledged, then closes. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            producer.flush();
            producer.close();
        }
    }
}
