package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvPointSourceTest {

    @TempDir
    Path dir;

    private record Row(String seriesId, long timestamp, double[] values) {
    }

    @Test
    void shouldReadNabLayoutFolderWithSeriesIdFromFileName() throws Exception {
        Files.createDirectories(dir.resolve("realTraffic"));
        Files.writeString(dir.resolve("realTraffic/speed_t1.csv"), "timestamp,value\n2015-09-01 11:25:00,63\n2015-09-01 11:30:00,64.5\n");
        Files.writeString(dir.resolve("multi.csv"), "timestamp,a,b\n1700000000000,1,2\n");
        final List<Row> rows = new ArrayList<>();
        for (final Path file : CsvPointSource.files(dir)) {
            CsvPointSource.read(file, (id, t, v) -> rows.add(new Row(id, t, v)));
        }
        assertEquals(3, rows.size());
        assertEquals("multi", rows.get(0).seriesId());
        assertArrayEquals(new double[] {1, 2}, rows.get(0).values());
        assertEquals("speed_t1", rows.get(1).seriesId());
        assertEquals(1_441_106_700_000L, rows.get(1).timestamp());
        assertEquals(300_000L, rows.get(2).timestamp() - rows.get(1).timestamp());
    }

    @Test
    void shouldNameFileAndLineOfBadRow() throws Exception {
        final Path file = dir.resolve("bad.csv");
        Files.writeString(file, "timestamp,value\n2015-09-01 11:25:00,63\n2015-09-01 11:30:00,abc\n");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CsvPointSource.read(file, (id, t, v) -> { }));
        assertTrue(error.getMessage().contains("bad.csv:3"), error.getMessage());
    }
}
