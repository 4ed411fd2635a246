package io.twinstream.cli;

import io.twinstream.config.Settings;
import io.twinstream.config.TopicNames;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.topology.StreamsSettings;
import io.twinstream.config.ProcessingGuarantee;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks that the cluster can be reached and supports the processing guarantee, and that the service's topics exist, creating missing ones when allowed. */
final class ClusterSetup {

    /** Largest model snapshot the models topic accepts, bytes. */
    static final int MODELS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
    private static final String TRANSACTION_LOG_REPLICATION = "transaction.state.log.replication.factor";

    private ClusterSetup() {
    }

    /**
     * Gets the cluster ready for the service: reachable, topics present, and a processing guarantee it supports.
     *
     * @return the configuration to run with: exactly-once falls back to at-least-once, with a warning, on a cluster
     *         whose transaction log needs more brokers than it has
     * @throws IllegalStateException naming the servers when the cluster cannot be reached, or the missing topics
     *         when they may not be created
     */
    static TwinstreamConfig prepare(final TwinstreamConfig config) {
        final String servers = config.get(Settings.BOOTSTRAP_SERVERS);
        final int timeoutMs = config.get(Settings.CLUSTER_TIMEOUT_MS);
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            final Collection<Node> brokers;
            try {
                brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
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
            if (!missing.isEmpty() && !config.get(Settings.TOPICS_CREATE)) {
                throw new IllegalStateException("Topics missing on '" + servers + "': " + missing.stream().map(NewTopic::name).toList()
                        + ". Create them, or set topics.create=true.");
            }
            if (!missing.isEmpty()) {
                createAll(admin, missing);
            }
            return withSupportedGuarantee(admin, config, brokers, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list or create topics on '" + servers + "': " + rootMessage(e), e);
        }
    }

    private static TwinstreamConfig withSupportedGuarantee(final Admin admin, final TwinstreamConfig config,
                                                           final Collection<Node> brokers, final int timeoutMs)
            throws InterruptedException, ExecutionException {
        if (config.get(Settings.PROCESSING_GUARANTEE) != ProcessingGuarantee.EXACTLY_ONCE_V2 || brokers.isEmpty()) {
            return config;
        }
        final ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
        final ConfigEntry replication = admin.describeConfigs(List.of(broker), new DescribeConfigsOptions().timeoutMs(timeoutMs))
                .all().get().get(broker).get(TRANSACTION_LOG_REPLICATION);
        if (replication == null || replication.value() == null || Integer.parseInt(replication.value()) <= brokers.size()) {
            return config;
        }
        LOG.warn("The cluster has {} broker(s) but its transaction log needs {} ({}): running at_least_once instead of exactly_once_v2. "
                + "Set processing.guarantee=at_least_once to silence this, or lower the broker's {}.", brokers.size(),
                replication.value(), TRANSACTION_LOG_REPLICATION, TRANSACTION_LOG_REPLICATION);
        return config.with(Map.of(Settings.PROCESSING_GUARANTEE.key(), "at_least_once"));
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
