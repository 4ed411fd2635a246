package io.twinstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Earlier versions of a record's schema, {@code schemas/previous/<Name>-<n>.avsc} on the class path from n = 1 up:
 * records written with one of them (state kept by an earlier version of the service, records already on a topic) are
 * read into the current class, new fields taking their defaults.
 */
public final class EarlierSchemas {

    private EarlierSchemas() {
    }

    /** A single-object decoder of {@code type} that reads its current schema and every earlier one. */
    public static <T extends SpecificRecord> BinaryMessageDecoder<T> decoder(final Class<T> type) {
        TrustedAvroClasses.trust();
        final BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.get(), SpecificData.get().getSchema(type));
        of(type).forEach(decoder::addSchema);
        return decoder;
    }

    /** The earlier schemas of {@code type}, oldest first (none when it never changed). */
    static List<Schema> of(final Class<?> type) {
        final List<Schema> schemas = new ArrayList<>();
        for (int n = 1; ; n++) {
            try (InputStream in = EarlierSchemas.class.getResourceAsStream("/schemas/previous/" + type.getSimpleName() + "-" + n + ".avsc")) {
                if (in == null) {
                    return schemas;
                }
                schemas.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read an earlier schema of " + type.getSimpleName(), e);
            }
        }
    }
}
