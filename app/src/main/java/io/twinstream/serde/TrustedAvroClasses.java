package io.twinstream.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 decodes only into classes it is told to trust; this trusts the classes generated from {@code schemas/}.
 * Call {@link #trust()} before decoding any of them (it is idempotent).
 */
public final class TrustedAvroClasses {

    /** Package of the classes generated from {@code schemas/}. */
    private static final String GENERATED_PACKAGE = "io.twinstream.avro.";
    private static boolean trusted;

    private TrustedAvroClasses() {
    }

    public static synchronized void trust() {
        if (!trusted) {
            final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                    type -> type.getName().startsWith(GENERATED_PACKAGE)));
            trusted = true;
        }
    }
}
