package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyReplayTest {

    private static final long[] TIMES = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};

    @Test
    void shouldCountAsDetectedTheRowsFromAReportedAnomalysFirstWindowToItsLast() {
        // one anomaly's first window ends at 30 and its last at 50; another's first at 70, still open
        final boolean[] detected = TopologyReplay.reported(TIMES, List.of(new long[] {30, 50}, new long[] {70, Long.MAX_VALUE}));
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, false, true, true, true}, detected);
        assertArrayEquals(new boolean[10], TopologyReplay.reported(TIMES, List.of()));
        // a closing report between two rows' times takes in the row before it
        assertArrayEquals(new boolean[] {false, true, true, true, false, false, false, false, false, false},
                TopologyReplay.reported(TIMES, List.of(new long[] {10, 35})));
    }

    @Test
    void shouldRefuseAnAnomalyWhoseFirstWindowEndsAtNoRow() {
        assertThrows(IllegalStateException.class, () -> TopologyReplay.reported(TIMES, List.of(new long[] {45, 90})));
    }
}
