package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyReplayTest {

    @Test
    void shouldCountAsDetectedOnlyTheFlaggedRunsThatOpenedAnAnomaly() {
        final long[] times = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
        final boolean[] flagged = {false, true, false, true, true, true, false, true, true, true};
        // the run 30-50 was reported opening at 50 and the run 70-90 at 90; the lone flag at 10 was not confirmed
        final boolean[] detected = TopologyReplay.reported(flagged, times, Set.of(50L, 90L));
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, false, true, true, true}, detected);
        assertArrayEquals(new boolean[10], TopologyReplay.reported(flagged, times, Set.of()));
    }
}
