/**
 * What operators watch: the service's counters and gauges in one Micrometer registry (exported to Prometheus), and
 * later its health and live page. Nothing here is labelled by series id, so cardinality stays bounded.
 */
package io.twinstream.observe;
