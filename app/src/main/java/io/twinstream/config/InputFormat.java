package io.twinstream.config;

/** Encoding of the values on the points topic. */
public enum InputFormat {
    /** Avro single-object encoding of {@code DataPoint}. */
    AVRO,
    /** JSON text: {@code {"seriesId": "...", "timestamp": 1700000000000, "values": [1.5]}}. */
    JSON
}
