package io.twinstream.topology;

import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.observe.TwinstreamMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global models store and this instance's {@link CurrentModel} up to date from the models topic. A snapshot
 * that cannot be read or does not fit this instance's model settings is logged, counted and ignored; the current
 * model stays.
 */
final class ModelLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final String modelName;
    private final GanConfig expected;
    private final CurrentModel current;
    private final TwinstreamMetrics metrics;
    private KeyValueStore<String, byte[]> store;

    ModelLoader(final String modelName, final GanConfig expected, final CurrentModel current, final TwinstreamMetrics metrics) {
        this.modelName = modelName;
        this.expected = expected;
        this.current = current;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(TwinstreamTopology.MODELS_STORE);
        final byte[] stored = store.get(modelName);
        if (stored != null) {
            load(stored);
        }
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (!modelName.equals(record.key()) || record.value() == null) {
            return;
        }
        store.put(record.key(), record.value());
        load(record.value());
    }

    private void load(final byte[] bytes) {
        try {
            final GanSnapshot snapshot = GanSnapshot.fromBytes(bytes, expected);
            if (current.offer(snapshot)) {
                metrics.modelLoaded(snapshot.version(), snapshot.createdAt());
                LOG.info("Model '{}' version {} loaded ({} training steps)", modelName, snapshot.version(), snapshot.trainingSteps());
            }
        } catch (IllegalArgumentException e) {
            metrics.modelRefused();
            LOG.error("Model snapshot on the models topic refused; keeping the current model: {}", e.getMessage());
        }
    }
}
