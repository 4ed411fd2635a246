package io.twinstream.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record class, in Avro single-object encoding ({@code C3 01}, the 8-byte
 * CRC-64-AVRO fingerprint of the schema, then the binary body). No schema registry is involved; records written with
 * an earlier version of a schema kept in {@code schemas/previous} are read too (see {@link EarlierSchemas}).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static {
        TrustedAvroClasses.trust();
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(final Class<T> type) {
        this.type = type;
        final Schema schema = SpecificData.get().getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = EarlierSchemas.decoder(type);
    }

    /** A serde for {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(final Class<T> type) {
        return new AvroSerde<>(type);
    }

    /** Encodes a record; null stays null. */
    public byte[] encode(final T record) {
        if (record == null) {
            return null;
        }
        try {
            final ByteBuffer buffer = encoder.encode(record);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes a record; null stays null.
     *
     * @throws SerializationException when the bytes are not a single-object encoded record of this type
     */
    public T decode(final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode " + bytes.length + " bytes as Avro " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
