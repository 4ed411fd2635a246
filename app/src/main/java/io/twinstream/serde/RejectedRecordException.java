package io.twinstream.serde;

import io.twinstream.avro.DeadLetterReason;

/** Thrown when a record cannot be read or is invalid; carries the {@link Rejection} that goes to the dead-letter topic. */
public final class RejectedRecordException extends RuntimeException {

    private final transient Rejection rejection;

    public RejectedRecordException(final DeadLetterReason reason, final String message) {
        super(message);
        this.rejection = new Rejection(reason, message);
    }

    public Rejection rejection() {
        return rejection;
    }
}
