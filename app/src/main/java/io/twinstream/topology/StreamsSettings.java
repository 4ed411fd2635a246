package io.twinstream.topology;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/** Turns the configuration into Kafka Streams properties; {@code kafka.*} settings pass through to every client. */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    public static Properties from(final TwinstreamConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafkaSettings());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(Settings.APPLICATION_ID));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(Settings.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Settings.PROCESSING_GUARANTEE).streamsValue());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(Settings.STREAM_THREADS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.get(Settings.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Settings.TOPICS_REPLICATION));
        return props;
    }

    /** Properties for a plain client (producer, consumer, admin): the servers and the {@code kafka.*} pass-through. */
    public static Properties client(final TwinstreamConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafkaSettings());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(Settings.BOOTSTRAP_SERVERS));
        return props;
    }
}
