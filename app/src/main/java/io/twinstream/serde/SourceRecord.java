package io.twinstream.serde;

import java.nio.ByteBuffer;

/**
 * A record as it was read: its position and its exact bytes, kept so that it can still be dead-lettered unchanged.
 *
 * @param topic topic it was read from
 * @param partition partition it was read from
 * @param offset offset in that partition
 * @param key key bytes, or null
 * @param value value bytes, or null
 */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    /** The remaining bytes of an Avro {@code bytes} field, copied; null stays null. */
    public static byte[] copyOf(final ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        final ByteBuffer view = buffer.duplicate();
        final byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
