/**
 * The built-in source of realistic, seeded, labelled data: many series with daily and weekly cycles, trend and noise,
 * and injected anomalies of several kinds whose times are known. It feeds the demo and {@code produce}, and gives
 * tests and evaluation data with ground truth. No Kafka imports.
 */
package io.twinstream.generator;
