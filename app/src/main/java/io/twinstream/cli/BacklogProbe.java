package io.twinstream.cli;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.topology.StreamsSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far behind the service's stream is: the points it has not yet consumed, the points topic's end offsets less the
 * application's committed offsets (its earliest offsets where the application has committed none), summed over the
 * partitions and looked up through an admin client at most every second. The trainer yields to a backlog (see
 * {@link DutyCycle}): while it is over {@code trainer.backlog-points}, the stream gets the cores.
 */
final class BacklogProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogProbe.class);
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private static final long TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final String group;
    private final String topic;
    private final long threshold;
    private List<TopicPartition> partitions;
    private long checkedAt;
    private long backlog = -1;
    private boolean warned;

    private BacklogProbe(final TwinstreamConfig config, final long threshold) {
        this.admin = Admin.create(StreamsSettings.client(config));
        this.group = config.get(Settings.APPLICATION_ID);
        this.topic = config.topics().points();
        this.threshold = threshold;
        this.checkedAt = System.nanoTime() - REFRESH_NANOS;
    }

    /** A probe of the service {@code config} describes, against its {@code trainer.backlog-points}; null when that is 0 (never yield). */
    static BacklogProbe forTrainer(final TwinstreamConfig config) {
        final long threshold = config.get(Settings.TRAINER_BACKLOG_POINTS);
        return threshold == 0 ? null : new BacklogProbe(config, threshold);
    }

    /** Whether the stream's backlog is over the threshold, as last looked up (looked up again when a second old). */
    boolean behind() {
        if (System.nanoTime() - checkedAt >= REFRESH_NANOS) {
            checkedAt = System.nanoTime();
            backlog = measure();
        }
        return backlog > threshold;
    }

    /** The backlog as last looked up, in points; -1 before the first look-up or when it failed. */
    long backlog() {
        return backlog;
    }

    /** The backlog now, or -1 when it cannot be looked up (then the trainer does not yield). */
    long measure() {
        try {
            if (partitions == null) {
                partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic)
                        .partitions().stream().map(partition -> new TopicPartition(topic, partition.partition())).toList();
            }
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (final TopicPartition partition : partitions) {
                latest.put(partition, OffsetSpec.latest());
                if (committed.get(partition) == null) {
                    earliest.put(partition, OffsetSpec.earliest());
                }
            }
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                    : admin.listOffsets(earliest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long total = 0;
            for (final TopicPartition partition : partitions) {
                final OffsetAndMetadata done = committed.get(partition);
                final long from = done != null ? done.offset() : starts.get(partition).offset();
                total += Math.max(0, ends.get(partition).offset() - from);
            }
            return total;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Cannot look up the stream's backlog on '{}' (group '{}'); the trainer does not yield to it until it can: {}", topic, group,
                        e.getMessage());
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
