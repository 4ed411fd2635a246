package io.twinstream.serde;

import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import java.nio.ByteBuffer;

/**
 * Why a record was refused: a reason code and a message a user can act on.
 *
 * @param reason the reason code
 * @param message what was wrong, naming the field and the value
 */
public record Rejection(DeadLetterReason reason, String message) {

    /** The dead letter for a record read at {@code source}, rejected at {@code rejectedAtMs} (wall clock, ms). */
    public DeadLetter toDeadLetter(final SourceRecord source, final long rejectedAtMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalKey(wrap(source.key()))
                .setOriginalValue(wrap(source.value()))
                .setReason(reason)
                .setMessage(message + " (" + source.topic() + "-" + source.partition() + " @ offset " + source.offset() + ")")
                .setRejectedAt(rejectedAtMs)
                .build();
    }

    private static ByteBuffer wrap(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
