package io.twinstream.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.twinstream.avro.DataPoint;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.config.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data point from the bytes of a points record, in Avro single-object encoding or JSON, and checks what can
 * be checked of one point alone: a series id of at most {@link #MAX_SERIES_ID_BYTES} bytes, a timestamp, one to
 * {@code maxFeatures} finite values no larger than {@link #MAX_MAGNITUDE}. Rules that need the series' history (feature
 * count, lateness) belong to the window stage.
 */
public final class PointReader {

    /**
     * Longest series id, in UTF-8 bytes. The id keys the series' records (and its state) through the topology, and an
     * unkeyed point travels with it, its own bytes and its original record through an internal topic: an id of
     * hundreds of kilobytes would make records no broker takes.
     */
    public static final int MAX_SERIES_ID_BYTES = 1_024;

    /**
     * Largest magnitude of a value. A series' running statistics square its values' deviations, which overflows past
     * about 1e154 and would leave them infinite or NaN for good; values this large are an error upstream.
     */
    public static final double MAX_MAGNITUDE = 1e150;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final AvroSerde<DataPoint> AVRO = AvroSerde.of(DataPoint.class);

    private final InputFormat format;
    private final int maxFeatures;

    public PointReader(final InputFormat format, final int maxFeatures) {
        this.format = format;
        this.maxFeatures = maxFeatures;
    }

    /**
     * Reads and checks one point.
     *
     * @throws RejectedRecordException with the reason when the bytes are unreadable or the point is invalid
     */
    public DataPoint read(final byte[] value) {
        if (value == null) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE, "Record has no value (null)");
        }
        final DataPoint point = format == InputFormat.JSON ? readJson(value) : readAvro(value);
        check(point);
        return point;
    }

    private static DataPoint readAvro(final byte[] value) {
        try {
            return AVRO.decode(value);
        } catch (RuntimeException e) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE,
                    "Value is not an Avro single-object encoded DataPoint: " + e.getMessage());
        }
    }

    private static DataPoint readJson(final byte[] value) {
        final JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE, "Value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE, "Value is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE,
                    "JSON value must be an object {\"seriesId\", \"timestamp\", \"values\"}");
        }
        final JsonNode seriesId = root.get("seriesId");
        if (seriesId == null || seriesId.isNull()) {
            throw new RejectedRecordException(DeadLetterReason.MISSING_SERIES_ID, "Field 'seriesId' is missing");
        }
        if (!seriesId.isTextual()) {
            throw new RejectedRecordException(DeadLetterReason.MISSING_SERIES_ID, "Field 'seriesId' must be a string, not " + seriesId);
        }
        final JsonNode timestamp = root.get("timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
            throw new RejectedRecordException(DeadLetterReason.INVALID_TIMESTAMP,
                    "Field 'timestamp' must be an integer of milliseconds since the epoch, not " + timestamp);
        }
        final JsonNode values = root.get("values");
        if (values == null || !values.isArray()) {
            throw new RejectedRecordException(DeadLetterReason.UNDECODABLE, "Field 'values' must be an array of numbers, not " + values);
        }
        final List<Double> numbers = new ArrayList<>(values.size());
        for (final JsonNode item : values) {
            if (!item.isNumber()) {
                throw new RejectedRecordException(DeadLetterReason.UNDECODABLE, "Field 'values' holds a non-number: " + item);
            }
            numbers.add(item.doubleValue());
        }
        return new DataPoint(seriesId.textValue(), timestamp.longValue(), numbers);
    }

    private void check(final DataPoint point) {
        if (point.getSeriesId() == null || point.getSeriesId().isBlank()) {
            throw new RejectedRecordException(DeadLetterReason.MISSING_SERIES_ID, "Series id is empty");
        }
        final int idBytes = point.getSeriesId().getBytes(StandardCharsets.UTF_8).length;
        if (idBytes > MAX_SERIES_ID_BYTES) {
            throw new RejectedRecordException(DeadLetterReason.SERIES_ID_TOO_LONG, "Series id '"
                    + point.getSeriesId().substring(0, 40) + "...' is " + idBytes + " bytes long; at most " + MAX_SERIES_ID_BYTES + " are allowed");
        }
        if (point.getTimestamp() < 0) {
            throw new RejectedRecordException(DeadLetterReason.INVALID_TIMESTAMP,
                    "Timestamp " + point.getTimestamp() + " of series '" + point.getSeriesId() + "' is negative");
        }
        final List<Double> values = point.getValues();
        if (values.isEmpty()) {
            throw new RejectedRecordException(DeadLetterReason.EMPTY_VALUES, "Point of series '" + point.getSeriesId() + "' has no values");
        }
        if (values.size() > maxFeatures) {
            throw new RejectedRecordException(DeadLetterReason.TOO_MANY_VALUES, "Point of series '" + point.getSeriesId() + "' has "
                    + values.size() + " values; input.max-features allows " + maxFeatures);
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Double.isFinite(values.get(i))) {
                throw new RejectedRecordException(DeadLetterReason.NON_FINITE_VALUE, "Value " + i + " of series '"
                        + point.getSeriesId() + "' at " + point.getTimestamp() + " is " + values.get(i));
            }
            if (Math.abs(values.get(i)) > MAX_MAGNITUDE) {
                throw new RejectedRecordException(DeadLetterReason.VALUE_OUT_OF_RANGE, "Value " + i + " of series '"
                        + point.getSeriesId() + "' at " + point.getTimestamp() + " is " + values.get(i) + "; values must lie within ±"
                        + MAX_MAGNITUDE);
            }
        }
    }
}
