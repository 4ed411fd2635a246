package io.twinstream.serde;

import io.twinstream.avro.DeadLetter;

/**
 * What a stage made of one record: a value for the next stage, or a dead letter. Exactly one of the two is set.
 *
 * @param value the result, or null when rejected
 * @param rejection the dead letter, or null when accepted
 * @param <T> the result type
 */
public record Outcome<T>(T value, DeadLetter rejection) {

    public static <T> Outcome<T> accepted(final T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> rejected(final DeadLetter rejection) {
        return new Outcome<>(null, rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
