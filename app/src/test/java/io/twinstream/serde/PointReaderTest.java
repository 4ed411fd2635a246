package io.twinstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DataPoint;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.config.InputFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointReaderTest {

    private final PointReader avro = new PointReader(InputFormat.AVRO, 3);
    private final PointReader json = new PointReader(InputFormat.JSON, 3);

    @Test
    void shouldReadAvroSingleObjectEncodedPoint() {
        final byte[] bytes = AvroSerde.of(DataPoint.class).encode(new DataPoint("s1", 1_000L, List.of(1.5, -2.0)));
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        final DataPoint point = avro.read(bytes);
        assertEquals("s1", point.getSeriesId());
        assertEquals(1_000L, point.getTimestamp());
        assertEquals(List.of(1.5, -2.0), point.getValues());
    }

    @Test
    void shouldReadJsonPoint() {
        final DataPoint point = json.read(utf8("{\"seriesId\":\"cpu\",\"timestamp\":1700000000000,\"values\":[0.25, 3]}"));
        assertEquals(new DataPoint("cpu", 1_700_000_000_000L, List.of(0.25, 3.0)), point);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                          | UNDECODABLE",
        "[1,2]                                                             | UNDECODABLE",
        "{\"timestamp\":1,\"values\":[1]}                                  | MISSING_SERIES_ID",
        "{\"seriesId\":\"\",\"timestamp\":1,\"values\":[1]}                | MISSING_SERIES_ID",
        "{\"seriesId\":\"a\",\"values\":[1]}                               | INVALID_TIMESTAMP",
        "{\"seriesId\":\"a\",\"timestamp\":\"noon\",\"values\":[1]}        | INVALID_TIMESTAMP",
        "{\"seriesId\":\"a\",\"timestamp\":-5,\"values\":[1]}              | INVALID_TIMESTAMP",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[NaN]}             | NON_FINITE_VALUE",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[1, Infinity]}     | NON_FINITE_VALUE",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[1, 2e150]}       | VALUE_OUT_OF_RANGE",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[-1.7976931348623157E308]} | VALUE_OUT_OF_RANGE",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[]}                | EMPTY_VALUES",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[1,2,3,4]}         | TOO_MANY_VALUES",
        "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[\"x\"]}           | UNDECODABLE",
    })
    void shouldRejectBadJsonWithTheRightReason(final String value, final DeadLetterReason reason) {
        final RejectedRecordException error = assertThrows(RejectedRecordException.class, () -> json.read(utf8(value.trim())));
        assertEquals(reason, error.rejection().reason());
        assertTrue(error.getMessage().length() > 10, error.getMessage());
    }

    @Test
    void shouldRejectBadAvro() {
        assertEquals(DeadLetterReason.UNDECODABLE, reasonFor(avro, utf8("{\"seriesId\":\"a\"}")));
        assertEquals(DeadLetterReason.UNDECODABLE, reasonFor(avro, null));
        final AvroSerde<DataPoint> serde = AvroSerde.of(DataPoint.class);
        assertEquals(DeadLetterReason.NON_FINITE_VALUE, reasonFor(avro, serde.encode(new DataPoint("a", 1L, List.of(Double.NaN)))));
        assertEquals(DeadLetterReason.EMPTY_VALUES, reasonFor(avro, serde.encode(new DataPoint("a", 1L, List.of()))));
        assertEquals(DeadLetterReason.MISSING_SERIES_ID, reasonFor(avro, serde.encode(new DataPoint(" ", 1L, List.of(1.0)))));
        assertEquals(DeadLetterReason.TOO_MANY_VALUES, reasonFor(avro, serde.encode(new DataPoint("a", 1L, List.of(1.0, 2.0, 3.0, 4.0)))));
    }

    @Test
    void shouldAcceptValuesUpToTheLargestMagnitudeAndSeriesIdsUpToTheLongest() {
        final String longest = "é".repeat(PointReader.MAX_SERIES_ID_BYTES / 2);
        final DataPoint point = json.read(utf8("{\"seriesId\":\"" + longest + "\",\"timestamp\":1,\"values\":[1e150, -1e150]}"));
        assertEquals(List.of(1e150, -1e150), point.getValues());
        assertEquals(longest, point.getSeriesId());
    }

    @Test
    void shouldRejectASeriesIdLongerThanTheLongest() {
        final String tooLong = "é".repeat(PointReader.MAX_SERIES_ID_BYTES / 2) + "x";
        final RejectedRecordException error = assertThrows(RejectedRecordException.class,
                () -> json.read(utf8("{\"seriesId\":\"" + tooLong + "\",\"timestamp\":1,\"values\":[1]}")));
        assertEquals(DeadLetterReason.SERIES_ID_TOO_LONG, error.rejection().reason());
        assertTrue(error.getMessage().contains("is 1025 bytes long; at most 1024 are allowed"), error.getMessage());
        final AvroSerde<DataPoint> serde = AvroSerde.of(DataPoint.class);
        assertEquals(DeadLetterReason.SERIES_ID_TOO_LONG, reasonFor(avro, serde.encode(new DataPoint(tooLong, 1L, List.of(1.0)))));
        assertEquals(DeadLetterReason.VALUE_OUT_OF_RANGE, reasonFor(avro, serde.encode(new DataPoint("a", 1L, List.of(-1e151)))));
    }

    private static DeadLetterReason reasonFor(final PointReader reader, final byte[] bytes) {
        return assertThrows(RejectedRecordException.class, () -> reader.read(bytes)).rejection().reason();
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
