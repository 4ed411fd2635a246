/**
 * Wires the stages into one Kafka Streams topology, built by a static factory so tests can run it in
 * {@code TopologyTestDriver} without a broker, and turns the configuration into Kafka Streams properties.
 */
package io.twinstream.topology;
