/**
 * From a model's raw scores to what users see: each series' raw scores are calibrated against that series' own
 * recent scores, so that one threshold, a target false-alarm rate, means the same everywhere; adjacent flagged
 * windows are grouped into one anomaly. Plain Java, no Kafka: the score stage keeps this state in its store.
 */
package io.twinstream.scoring;
