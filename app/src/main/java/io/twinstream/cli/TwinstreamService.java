package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.twinstream.observe.LiveView;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.topology.CurrentModel;
import io.twinstream.topology.StreamsSettings;
import io.twinstream.topology.TwinstreamTopology;
import io.twinstream.topology.WindowScorer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the topology in a {@link KafkaStreams} instance, stopped by {@link #close()}. */
final class TwinstreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TwinstreamService.class);

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final CurrentModel currentModel;
    private final LiveView liveView;
    private final KafkaStreamsMetrics streamsMetrics;

    private TwinstreamService(final KafkaStreams streams, final CurrentModel currentModel, final LiveView liveView,
                              final KafkaStreamsMetrics streamsMetrics) {
        this.streams = streams;
        this.currentModel = currentModel;
        this.liveView = liveView;
        this.streamsMetrics = streamsMetrics;
    }

    /** The recent windows and scores this instance keeps for the live page. */
    LiveView liveView() {
        return liveView;
    }

    /** The model this instance scores with. */
    CurrentModel currentModel() {
        return currentModel;
    }

    /** Builds and starts the service; the topics must exist. */
    static TwinstreamService start(final TwinstreamConfig config, final TwinstreamMetrics metrics) {
        return start(config, metrics, WindowScorer.MODEL);
    }

    /** Builds and starts the service with its score stage scoring by {@code scorer}; the topics must exist. */
    static TwinstreamService start(final TwinstreamConfig config, final TwinstreamMetrics metrics, final WindowScorer scorer) {
        final CurrentModel currentModel = new CurrentModel();
        final LiveView liveView = LiveView.withDefaultBounds();
        final KafkaStreams streams = new KafkaStreams(TwinstreamTopology.buildTopology(config, metrics, currentModel, scorer, liveView),
                StreamsSettings.from(config));
        // Kafka Streams' own metrics (with the consumers' lag) in the same registry
        final KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        final TwinstreamService service = new TwinstreamService(streams, currentModel, liveView, streamsMetrics);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Stream processing failed; stopping this instance", error);
            service.failure.compareAndSet(null, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return service;
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that stopped processing, or null. */
    Throwable failure() {
        return failure.get();
    }

    boolean stopped() {
        final KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** Stops processing and leaves the group, so that other instances take over this one's partitions at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
        streamsMetrics.close();
    }
}
