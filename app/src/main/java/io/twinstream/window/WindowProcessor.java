package io.twinstream.window;

import io.twinstream.avro.Window;
import io.twinstream.avro.internal.PointEnvelope;
import io.twinstream.avro.internal.SeriesState;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.Outcome;
import io.twinstream.serde.PointDecodeProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The window stage inside the topology: loads the series' state from the store, applies the point with
 * {@link WindowAssembler}, saves the state and forwards the window emitted (if any), or a dead letter when the point
 * is refused. All state is in the store, so after a restart windowing goes on exactly where it stopped.
 */
public final class WindowProcessor implements Processor<String, PointEnvelope, String, Outcome<Window>> {

    /** Name of the per-series state store (and, behind the application id, of its changelog topic). */
    public static final String STORE = "series-state";

    private final WindowAssembler assembler;
    private final TwinstreamMetrics metrics;
    private ProcessorContext<String, Outcome<Window>> context;
    private KeyValueStore<String, SeriesState> store;

    public WindowProcessor(final WindowSettings settings, final TwinstreamMetrics metrics) {
        this.assembler = new WindowAssembler(settings);
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Outcome<Window>> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(final Record<String, PointEnvelope> record) {
        final PointEnvelope envelope = record.value();
        final String seriesId = envelope.getPoint().getSeriesId();
        final WindowAssembler.Assembly assembly = assembler.accept(store.get(seriesId), envelope.getPoint());
        if (assembly.rejection() != null) {
            context.forward(record.withKey(seriesId).withValue(Outcome.rejected(assembly.rejection()
                    .toDeadLetter(PointDecodeProcessor.sourceOf(envelope), context.currentSystemTimeMs()))));
            return;
        }
        store.put(seriesId, assembly.state());
        if (assembly.gap()) {
            metrics.seriesGap();
        }
        if (assembly.window() != null) {
            metrics.windowEmitted();
            context.forward(record.withKey(seriesId).withValue(Outcome.accepted(assembly.window())));
        }
    }
}
