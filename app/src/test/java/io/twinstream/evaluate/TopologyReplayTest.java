package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyReplayTest {

    private static final long[] TIMES = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    private static final boolean[] FLAGGED = {false, true, false, true, true, true, false, true, true, true};

    @Test
    void shouldCountAsDetectedOnlyTheFlaggedRunsThatOpenedAnAnomaly() {
        // the run 30-50 was reported opening at 50 and closed there; the run 70-90 opened at 90 and is still open; the
        // lone flag at 10 was not confirmed
        final boolean[] detected = TopologyReplay.reported(FLAGGED, TIMES, List.of(new long[] {50, 50}, new long[] {90, Long.MAX_VALUE}));
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, false, true, true, true}, detected);
        assertArrayEquals(new boolean[10], TopologyReplay.reported(FLAGGED, TIMES, List.of()));
    }

    @Test
    void shouldCountTheRowsThatHeldAnAnomalyOpenAsDetected() {
        // opened at 40 (the run from 30), held open by the unflagged row 60 and closed after 90: one detection, 30 to 90
        final boolean[] detected = TopologyReplay.reported(FLAGGED, TIMES, List.of(new long[] {40, 90}));
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, true, true, true, true}, detected);
        assertThrows(IllegalStateException.class, () -> TopologyReplay.reported(FLAGGED, TIMES, List.of(new long[] {45, 90})));
    }
}
