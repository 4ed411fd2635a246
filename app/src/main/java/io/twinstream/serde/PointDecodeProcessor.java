package io.twinstream.serde;

import io.twinstream.avro.DataPoint;
import io.twinstream.avro.internal.PointEnvelope;
import io.twinstream.observe.TwinstreamMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First stage: reads each points record's bytes into a {@link PointEnvelope} keyed by series id (keeping the original
 * bytes and position), or into a dead letter saying why it could not.
 */
public final class PointDecodeProcessor implements Processor<byte[], byte[], String, Outcome<PointEnvelope>> {

    private final PointReader reader;
    private final TwinstreamMetrics metrics;
    private ProcessorContext<String, Outcome<PointEnvelope>> context;

    public PointDecodeProcessor(final PointReader reader, final TwinstreamMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Outcome<PointEnvelope>> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        metrics.pointRead();
        final SourceRecord source = sourceOf(record);
        try {
            final DataPoint point = reader.read(record.value());
            final PointEnvelope envelope = PointEnvelope.newBuilder()
                    .setPoint(point)
                    .setSourceTopic(source.topic())
                    .setSourcePartition(source.partition())
                    .setSourceOffset(source.offset())
                    .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                    .setOriginalValue(ByteBuffer.wrap(record.value()))
                    .build();
            context.forward(record.withKey(point.getSeriesId()).withValue(Outcome.accepted(envelope)));
        } catch (RejectedRecordException e) {
            final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            context.forward(record.withKey(key).withValue(
                    Outcome.rejected(e.rejection().toDeadLetter(source, context.currentSystemTimeMs()))));
        }
    }

    private SourceRecord sourceOf(final Record<byte[], byte[]> record) {
        final RecordMetadata metadata = context.recordMetadata().orElse(null);
        return metadata == null
                ? new SourceRecord("unknown", -1, -1L, record.key(), record.value())
                : new SourceRecord(metadata.topic(), metadata.partition(), metadata.offset(), record.key(), record.value());
    }

    /** The original bytes and position carried by an envelope. */
    public static SourceRecord sourceOf(final PointEnvelope envelope) {
        return new SourceRecord(envelope.getSourceTopic(), envelope.getSourcePartition(), envelope.getSourceOffset(),
                SourceRecord.copyOf(envelope.getOriginalKey()), SourceRecord.copyOf(envelope.getOriginalValue()));
    }
}
