package io.twinstream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.DeadLetterReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RejectionTest {

    private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
    private static final Rejection REJECTION = new Rejection(DeadLetterReason.UNDECODABLE, "Value is not valid JSON");

    @Test
    void shouldCarryASmallRecordByteForByte() {
        final byte[] key = {1, 2, 3};
        final byte[] value = {4, 5};
        final DeadLetter letter = DEAD_LETTERS.decode(DEAD_LETTERS.encode(REJECTION.toDeadLetter(new SourceRecord("points", 2, 77, key, value), 99)));
        assertArrayEquals(key, SourceRecord.copyOf(letter.getOriginalKey()));
        assertArrayEquals(value, SourceRecord.copyOf(letter.getOriginalValue()));
        assertEquals("Value is not valid JSON (points-2 @ offset 77)", letter.getMessage());
        assertEquals(99, letter.getRejectedAt());
    }

    @Test
    void shouldCutTheOriginalBytesOfALargeRecordSoThatItsDeadLetterStaysUnderAMegabyte() {
        final byte[] key = filled(300_000, (byte) 'k');
        final byte[] value = filled(1_000_000, (byte) 'v');
        final byte[] encoded = DEAD_LETTERS.encode(REJECTION.toDeadLetter(new SourceRecord("points", 0, 5, key, value), 1));
        final DeadLetter letter = DEAD_LETTERS.decode(encoded);
        assertArrayEquals(Arrays.copyOf(key, Rejection.MAX_ORIGINAL_BYTES), SourceRecord.copyOf(letter.getOriginalKey()));
        assertArrayEquals(Arrays.copyOf(value, Rejection.MAX_ORIGINAL_BYTES), SourceRecord.copyOf(letter.getOriginalValue()));
        assertTrue(letter.getMessage().contains("the key is cut to its first 262,144 of 300,000 bytes; the value is cut to its first 262,144 of 1,000,000 bytes (points-0 @ offset 5)"),
                letter.getMessage());
        // with the key again as the dead letter's own key, well under a broker's default 1 MiB limit
        assertTrue(encoded.length + Rejection.MAX_ORIGINAL_BYTES < 1_000_000, "dead letter of " + encoded.length + " bytes");
    }

    @Test
    void shouldKeepAMissingKeyMissing() {
        final DeadLetter letter = REJECTION.toDeadLetter(new SourceRecord("points", 0, 1, null, new byte[] {1}), 1);
        assertNull(letter.getOriginalKey());
        assertEquals("Value is not valid JSON (points-0 @ offset 1)", letter.getMessage());
    }

    private static byte[] filled(final int length, final byte value) {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
