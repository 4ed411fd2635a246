package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import io.twinstream.serde.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldSendEveryKindOfBadRecordToDeadLettersWithItsBytesAndReason() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "2", "window.stride", "1",
                "input.max-features", "3", "input.grace-ms", "1000"))) {
            fixture.send("s", 10_000, 1.0);                                              // offset 0: fine
            fixture.sendRaw("s", "garbage".getBytes(StandardCharsets.UTF_8));           // 1: UNDECODABLE
            fixture.sendRaw("s", TopologyFixture.POINTS.encode(TopologyFixture.point("", 10_001, 1.0)));   // 2: MISSING_SERIES_ID
            fixture.send("s", 10_002, Double.POSITIVE_INFINITY);                        // 3: NON_FINITE_VALUE
            fixture.send("s", 10_003);                                                  // 4: EMPTY_VALUES
            fixture.send("s", 10_004, 1, 2, 3, 4);                                      // 5: TOO_MANY_VALUES
            fixture.send("s", 10_005, 1, 2);                                            // 6: FEATURE_COUNT_CHANGED
            fixture.send("s", 8_999, 1.0);                                              // 7: TOO_LATE
            fixture.sendRaw("s", TopologyFixture.POINTS.encode(TopologyFixture.point("s", -1, 1.0)));     // 8: INVALID_TIMESTAMP
            fixture.send("s", 9_500, 2.0);                                              // 9: late but within grace
            fixture.send("s", 10_010, 3.0);                                             // 10: fine
            fixture.send("s", 10_011, -2e150);                                          // 11: VALUE_OUT_OF_RANGE
            fixture.sendRaw("s", TopologyFixture.POINTS.encode(TopologyFixture.point("s".repeat(1_025), 10_012, 1.0))); // 12: SERIES_ID_TOO_LONG

            final List<TestRecord<byte[], DeadLetter>> dead = fixture.deadLetters.readRecordsToList();
            assertEquals(10, dead.size());
            final EnumSet<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
            for (final TestRecord<byte[], DeadLetter> record : dead) {
                final DeadLetter letter = record.value();
                reasons.add(letter.getReason());
                assertArrayEquals("s".getBytes(StandardCharsets.UTF_8), record.key(), "original key");
                assertArrayEquals(record.key(), SourceRecord.copyOf(letter.getOriginalKey()));
                assertEquals("points", letter.getSourceTopic());
                assertEquals(0, letter.getSourcePartition());
                assertTrue(letter.getMessage().contains("@ offset " + letter.getSourceOffset()), letter.getMessage());
                assertTrue(letter.getOriginalValue() != null && letter.getOriginalValue().remaining() > 0);
            }
            assertEquals(EnumSet.allOf(DeadLetterReason.class), reasons);
            assertEquals(1L, dead.get(0).value().getSourceOffset());
            assertEquals("garbage", new String(SourceRecord.copyOf(dead.get(0).value().getOriginalValue()), StandardCharsets.UTF_8));
            assertEquals(7L, dead.stream().filter(r -> r.value().getReason() == DeadLetterReason.TOO_LATE).findFirst()
                    .orElseThrow().value().getSourceOffset());

            // the good records around the bad ones are all windowed: 9500, 10000, 10010 in time order
            final var windows = fixture.windows();
            assertEquals(2, windows.size());
            assertEquals(List.of(9_500L, 10_000L), windows.get(0).getTimestamps());
            assertEquals(List.of(10_000L, 10_010L), windows.get(1).getTimestamps());
            assertEquals(10, fixture.metrics.deadLetters());
            assertEquals(13, fixture.metrics.pointsIn());
            for (final DeadLetterReason reason : DeadLetterReason.values()) {
                assertEquals(1, fixture.metrics.deadLetters(reason), reason.name());
            }
        }
    }

    @Test
    void shouldDeadLetterBadJsonWhenInputIsJson() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("input.format", "json", "window.length", "2", "window.stride", "1"))) {
            fixture.sendRaw("a", "{\"seriesId\":\"a\",\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8));
            fixture.sendRaw("a", "{\"seriesId\":\"a\",\"timestamp\":2,\"values\":[NaN]}".getBytes(StandardCharsets.UTF_8));
            fixture.sendRaw("a", "{\"seriesId\":\"a\",\"timestamp\":3,\"values\":[3]}".getBytes(StandardCharsets.UTF_8));
            final List<DeadLetter> dead = fixture.deadLetters();
            assertEquals(1, dead.size());
            assertEquals(DeadLetterReason.NON_FINITE_VALUE, dead.get(0).getReason());
            assertEquals(List.of(1.0, 3.0), fixture.windows().get(0).getRaw());
        }
    }
}
