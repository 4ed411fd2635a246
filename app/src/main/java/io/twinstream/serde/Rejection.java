package io.twinstream.serde;

import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Why a record was refused: a reason code and a message a user can act on.
 *
 * @param reason the reason code
 * @param message what was wrong, naming the field and the value
 */
public record Rejection(DeadLetterReason reason, String message) {

    /**
     * Most bytes of the original key, and of the original value, that a dead letter carries. The dead letter holds
     * both and is keyed by the key again, so a record near the broker's size limit would otherwise make a dead letter
     * over it, which could not be written and would stop the stream; a longer one is cut, and its message says so.
     */
    public static final int MAX_ORIGINAL_BYTES = 262_144;

    /** The dead letter for a record read at {@code source}, rejected at {@code rejectedAtMs} (wall clock, ms). */
    public DeadLetter toDeadLetter(final SourceRecord source, final long rejectedAtMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalKey(kept(source.key()))
                .setOriginalValue(kept(source.value()))
                .setReason(reason)
                .setMessage(message + cut("key", source.key()) + cut("value", source.value())
                        + " (" + source.topic() + "-" + source.partition() + " @ offset " + source.offset() + ")")
                .setRejectedAt(rejectedAtMs)
                .build();
    }

    private static ByteBuffer kept(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_ORIGINAL_BYTES)).slice();
    }

    private static String cut(final String part, final byte[] bytes) {
        return bytes == null || bytes.length <= MAX_ORIGINAL_BYTES ? ""
                : String.format(Locale.ROOT, "; the %s is cut to its first %,d of %,d bytes", part, MAX_ORIGINAL_BYTES, bytes.length);
    }
}
