package io.twinstream.cli;

import io.twinstream.config.Settings;
import io.twinstream.config.TopicNames;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.topology.StreamsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Checks that the cluster can be reached and that the service's topics exist, creating missing ones when allowed. */
final class TopicSetup {

    /** Largest model snapshot the models topic accepts, bytes. */
    static final int MODELS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private TopicSetup() {
    }

    /**
     * @throws IllegalStateException naming the servers when the cluster cannot be reached, or the missing topics
     *         when they may not be created
     */
    static void ensureTopics(final TwinstreamConfig config) {
        final String servers = config.get(Settings.BOOTSTRAP_SERVERS);
        final int timeoutMs = config.get(Settings.CLUSTER_TIMEOUT_MS);
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Cannot reach the Kafka cluster at '" + servers + "' within " + timeoutMs + " ms"
                        + " (" + rootMessage(e) + "). Check bootstrap.servers, that the brokers are up, and any kafka.* security settings.", e);
            }
            final Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names().get();
            final List<NewTopic> missing = new ArrayList<>();
            final TopicNames topics = config.topics();
            for (final String topic : topics.all()) {
                if (!existing.contains(topic)) {
                    missing.add(newTopic(config, topic, topic.equals(topics.models())));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (!config.get(Settings.TOPICS_CREATE)) {
                throw new IllegalStateException("Topics missing on '" + servers + "': " + missing.stream().map(NewTopic::name).toList()
                        + ". Create them, or set topics.create=true.");
            }
            createAll(admin, missing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list or create topics on '" + servers + "': " + rootMessage(e), e);
        }
    }

    private static NewTopic newTopic(final TwinstreamConfig config, final String name, final boolean models) {
        final NewTopic topic = new NewTopic(name, models ? 1 : config.get(Settings.TOPICS_PARTITIONS),
                config.get(Settings.TOPICS_REPLICATION).shortValue());
        if (models) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MODELS_MAX_MESSAGE_BYTES)));
        }
        return topic;
    }

    private static void createAll(final Admin admin, final List<NewTopic> topics) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another instance creating the same topics at the same moment is fine
            }
        }
    }

    static String rootMessage(final Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
