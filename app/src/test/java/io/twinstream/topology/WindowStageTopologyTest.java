package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DeadLetter;
import io.twinstream.avro.Window;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowStageTopologyTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "L={0}, stride={1}")
    @CsvSource({"4,1", "4,2", "5,5", "8,3", "16,16"})
    void shouldEmitExactWindowsForLengthAndStride(final int length, final int stride) {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "" + length, "window.stride", "" + stride))) {
            final int points = 40;
            for (int i = 0; i < points; i++) {
                fixture.send("s", 1_000L * i, i);
            }
            final List<Window> windows = fixture.windows();
            final int expected = (points - length) / stride + 1;
            assertEquals(expected, windows.size());
            for (int w = 0; w < windows.size(); w++) {
                final Window window = windows.get(w);
                final int last = length - 1 + w * stride;
                assertEquals(w, window.getSequence());
                assertEquals(length, window.getLength());
                assertEquals(1_000L * (last - length + 1), window.getStartTime());
                assertEquals(1_000L * last, window.getEndTime());
                for (int t = 0; t < length; t++) {
                    assertEquals(last - length + 1 + t, window.getRaw().get(t), 0.0);
                }
            }
        }
    }

    @Test
    void shouldKeepSeriesApart() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "3", "window.stride", "1"))) {
            for (int i = 0; i < 5; i++) {
                fixture.send("a", 10L * i, 100 + i);
                fixture.send("b", 10L * i, -i);
            }
            final List<Window> windows = fixture.windows();
            assertEquals(6, windows.size());
            for (final Window window : windows) {
                final double first = window.getRaw().get(0);
                if (window.getSeriesId().equals("a")) {
                    assertTrue(first >= 100);
                } else {
                    assertTrue(first <= 0);
                }
            }
        }
    }

    @Test
    void shouldDeadLetterUndecodableBytesAndKeepGoing() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "2", "window.stride", "1"))) {
            fixture.send("s", 0, 1.0);
            fixture.sendRaw("s", new byte[] {1, 2, 3});
            fixture.send("s", 1, 2.0);
            final List<DeadLetter> dead = fixture.deadLetters();
            assertEquals(1, dead.size());
            assertEquals("UNDECODABLE", dead.get(0).getReason().name());
            assertEquals(1, fixture.windows().size());
        }
    }
}
