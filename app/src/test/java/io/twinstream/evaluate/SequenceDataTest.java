package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceDataTest {

    @TempDir
    Path dir;

    @Test
    void shouldGenerateSinesAsTheProtocolDefinesThem() {
        final SequenceData sines = SequenceData.sines(200, 24, 5, 1);

        assertEquals(200, sines.sequences().size());
        assertEquals(24 * 5, sines.sequences().get(0).length);
        for (final double[] sequence : sines.sequences()) {
            for (int f = 0; f < 5; f++) {
                // v_t = (sin(w t + p) + 1) / 2 with w, p in [0, 0.1): the first value lies in [0.5, 0.55)
                final double first = sequence[f];
                assertTrue(first >= 0.5 && first < 0.5 + Math.sin(0.1) / 2, "first value " + first);
                final double w = Math.asin(2 * sequence[5 + f] - 1) - Math.asin(2 * first - 1);
                assertTrue(w >= -1e-9 && w < 0.1, "frequency " + w);
            }
            assertTrue(Arrays.stream(sequence).allMatch(v -> v >= 0 && v <= 1));
        }
        assertArrayEquals(sines.sequences().get(7), SequenceData.sines(200, 24, 5, 1).sequences().get(7), "same seed, same data");
    }

    @Test
    void shouldScaleEachColumnAndCutEveryWindowOfACsv() throws Exception {
        final Path csv = dir.resolve("load.csv");
        final StringBuilder text = new StringBuilder("load,temperature\n");
        for (int row = 0; row < 10; row++) {
            text.append(100 + 10 * row).append(',').append(-5 + row).append('\n');
        }
        Files.writeString(csv, text);

        final SequenceData data = SequenceData.fromCsv(csv, 4, 3);

        assertEquals(List.of("load", "temperature"), data.columns());
        assertEquals(7, data.sequences().size(), "10 rows give 7 windows of 4 at stride 1");
        final List<Double> starts = data.sequences().stream().map(s -> s[0]).sorted().toList();
        for (int start = 0; start < 7; start++) {
            assertEquals(start / 9.0, starts.get(start), 1e-6, "min-max scaled to [0, 1]");
        }
        for (final double[] sequence : data.sequences()) {
            for (int t = 1; t < 4; t++) {
                assertEquals(sequence[(t - 1) * 2] + 1 / 9.0, sequence[t * 2], 1e-6, "consecutive rows");
                assertEquals(sequence[t * 2], sequence[t * 2 + 1], 1e-6, "both columns rise evenly from their minimum");
            }
        }
    }

    @Test
    void shouldNameTheCellThatIsNotANumberAndRefuseTooFewRows() throws Exception {
        final Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b\n1,2\n3,oops\n");
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SequenceData.fromCsv(csv, 2, 1));
        assertTrue(bad.getMessage().contains("line 3 column 'b' is 'oops'"), bad.getMessage());

        Files.writeString(csv, "1,2\n3,4\n");
        final IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class, () -> SequenceData.fromCsv(csv, 24, 1));
        assertTrue(short_.getMessage().contains("2 rows of data; sequences of 24 steps need at least 24"), short_.getMessage());

        Files.writeString(csv, "1,2\n3\n");
        final IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class, () -> SequenceData.fromCsv(csv, 2, 1));
        assertTrue(ragged.getMessage().contains("line 2 has 1 cells"), ragged.getMessage());
    }
}
