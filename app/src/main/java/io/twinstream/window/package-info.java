/**
 * The window stage: per series, a ring buffer of the last L points and a running normaliser kept in a changelogged
 * state store; every {@code stride} points it emits a {@link io.twinstream.avro.Window} of L x F normalised values.
 * {@link io.twinstream.window.WindowAssembler} holds the rules and knows nothing of Kafka;
 * {@link io.twinstream.window.WindowProcessor} runs it inside the topology.
 */
package io.twinstream.window;
