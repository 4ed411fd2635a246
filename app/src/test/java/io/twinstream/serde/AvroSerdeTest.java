package io.twinstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.avro.internal.ScoreState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Records written with an earlier version of a schema (state kept by an earlier version of the service) still read. */
class AvroSerdeTest {

    @Test
    void shouldReadAScoreStateKeptBeforeTheOpenAnomalysFeaturesAndLastSightingWereNoted() throws IOException {
        final Schema earlier = earlier("ScoreState", 1);
        final GenericRecord state = new GenericData.Record(earlier);
        state.put("modelVersion", 3L);
        state.put("recentScores", List.of(1.0, 2.0));
        state.put("recentWaiting", 0);
        state.put("nextModelVersion", -1L);
        state.put("nextScores", List.of());
        state.put("openAnomalyId", "s@10");
        state.put("openStart", 10L);
        state.put("openEnd", 20L);
        state.put("openLastSequence", 4L);
        state.put("openPeak", 0.9999);
        state.put("openWindows", 2);
        state.put("openUnusual", 2);
        state.put("openReported", true);
        state.put("openRawScore", 7.0);
        state.put("openValues", List.of(1.0, 2.0, 3.0, 4.0));
        final ScoreState read = AvroSerde.of(ScoreState.class).decode(encode(earlier, state));
        assertEquals("s@10", read.getOpenAnomalyId());
        assertEquals(List.of(1.0, 2.0), read.getRecentScores());
        assertEquals(0, read.getOpenFeatures(), "not noted");
        assertEquals(0L, read.getOpenSeenAt(), "not noted");
    }

    @Test
    void shouldReadADeadLetterWrittenBeforeTheNewerReasons() throws IOException {
        final Schema earlier = earlier("DeadLetter", 1);
        final GenericRecord letter = new GenericData.Record(earlier);
        letter.put("sourceTopic", "points");
        letter.put("sourcePartition", 0);
        letter.put("sourceOffset", 9L);
        letter.put("originalKey", null);
        letter.put("originalValue", ByteBuffer.wrap(new byte[] {1}));
        letter.put("reason", new GenericData.EnumSymbol(earlier.getField("reason").schema(), "TOO_LATE"));
        letter.put("message", "late");
        letter.put("rejectedAt", 5L);
        final DeadLetter read = AvroSerde.of(DeadLetter.class).decode(encode(earlier, letter));
        assertEquals(DeadLetterReason.TOO_LATE, read.getReason());
        assertNull(read.getOriginalKey());
        assertEquals(9L, read.getSourceOffset());
    }

    @Test
    void shouldReadAScoreStateKeptBeforeTheOpenAnomalysSeverityWasNoted() throws IOException {
        final Schema earlier = earlier("ScoreState", 2);
        final GenericRecord state = new GenericData.Record(earlier);
        for (final Schema.Field field : earlier.getFields()) {
            state.put(field.name(), field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null);
        }
        state.put("recentScores", List.of(1.0, 2.0));
        state.put("openAnomalyId", "s@10");
        state.put("openSeenAt", 99L);
        final ScoreState read = AvroSerde.of(ScoreState.class).decode(encode(earlier, state));
        assertEquals("s@10", read.getOpenAnomalyId());
        assertEquals(99L, read.getOpenSeenAt());
        assertEquals(0.0, read.getOpenSeverity(), "not noted");
    }

    @Test
    void shouldReadAnAnomalyWrittenBeforeItsSeverityWasNoted() throws IOException {
        final Schema earlier = earlier("Anomaly", 1);
        final GenericRecord anomaly = new GenericData.Record(earlier);
        anomaly.put("seriesId", "s");
        anomaly.put("anomalyId", "s@10");
        anomaly.put("startTime", 10L);
        anomaly.put("endTime", 20L);
        anomaly.put("rawScore", 7.0);
        anomaly.put("calibratedScore", 0.9999);
        anomaly.put("threshold", 0.9997);
        anomaly.put("modelVersion", 2L);
        anomaly.put("ongoing", true);
        anomaly.put("values", List.of(1.0));
        anomaly.put("features", 1);
        anomaly.put("detectedAt", 30L);
        final Anomaly read = AvroSerde.of(Anomaly.class).decode(encode(earlier, anomaly));
        assertEquals("s@10", read.getAnomalyId());
        assertEquals(0.9999, read.getCalibratedScore());
        assertEquals(0.0, read.getSeverity(), "not noted");
    }

    private static Schema earlier(final String name, final int version) throws IOException {
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/schemas/previous/" + name + "-" + version + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encode(final Schema schema, final GenericRecord record) throws IOException {
        final ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
