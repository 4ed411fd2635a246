/**
 * Serdes and dead letters. Every topic carries Avro single-object encoding (marker, schema fingerprint, binary body),
 * readable from the {@code .avsc} files alone; the points topic may also carry JSON. Anything that cannot be read or
 * is invalid becomes a {@link io.twinstream.avro.DeadLetter} with its original bytes, its source position and a reason.
 */
package io.twinstream.serde;
