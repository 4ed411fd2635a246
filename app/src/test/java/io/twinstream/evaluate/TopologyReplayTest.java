package io.twinstream.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinstream.avro.WindowScore;
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

    private static WindowScore score(final long end, final double raw) {
        return WindowScore.newBuilder().setSeriesId("s").setStartTime(end - 20).setEndTime(end).setRawScore(raw).setCalibratedScore(0.5)
                .setThreshold(0.9997).setFlagged(false).setModelVersion(1).setState("SCORED").build();
    }

    @Test
    void shouldGiveEachRowTheWindowItsPointCutAndCountAReportAtThemOnce() {
        // 20 is repeated; 15 comes late, after 20, and cuts a window ending at 20 too; the first row cuts none
        final long[] times = {0, 10, 20, 15, 20, 30};
        final WindowScore atTen = score(10, 1.0);
        final WindowScore first = score(20, 1.5);
        final WindowScore late = score(20, 2.5);
        final WindowScore repeated = score(20, 4.0);
        final WindowScore last = score(30, 2.0);
        final WindowScore[] byRow = TopologyReplay.byRow(times, List.of(atTen, first, late, repeated, last));
        assertArrayEquals(new WindowScore[] {null, atTen, first, late, repeated, last}, byRow);
        // fewer windows than rows at a time: the last rows took them
        assertArrayEquals(new WindowScore[] {null, null, null, late, repeated, null},
                TopologyReplay.byRow(times, List.of(late, repeated)));
        // the report at the third window ending at 20 marks its row alone; one whose raw score no window there has, the first
        final double[] shares = TopologyReplay.onsetShares(times, byRow, List.of(new TopologyReplay.Onset(20, 4.0, 0.6),
                new TopologyReplay.Onset(30, 9.9, 0.7)));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.6, 0.7}, shares);
        // two reports at windows of the same time and raw score take a row each
        final WindowScore[] alike = TopologyReplay.byRow(times, List.of(score(20, 3.0), score(20, 3.0)));
        final double[] both = TopologyReplay.onsetShares(times, alike, List.of(new TopologyReplay.Onset(20, 3.0, 0.5),
                new TopologyReplay.Onset(20, 3.0, 0.4)));
        assertEquals(0.5, both[3]);
        assertEquals(0.4, both[4]);
        // an anomaly whose first window ends at 20 spans the late row too
        assertArrayEquals(new boolean[] {false, false, true, true, true, false}, TopologyReplay.reported(times, List.of(new long[] {20, 25})));
    }

    @Test
    void shouldRefuseAWindowOrAReportThatNoRowReaches() {
        final long[] times = {0, 10, 20};
        assertThrows(IllegalStateException.class, () -> TopologyReplay.byRow(times, List.of(score(15, 1.0))));
        assertThrows(IllegalStateException.class, () -> TopologyReplay.byRow(times, List.of(score(20, 1.0), score(20, 2.0))));
        assertThrows(IllegalStateException.class, () -> TopologyReplay.byRow(times, List.of(score(20, 1.0), score(10, 2.0))));
        assertThrows(IllegalStateException.class, () -> TopologyReplay.onsetShares(times, new WindowScore[3],
                List.of(new TopologyReplay.Onset(25, 1.0, 0.5))));
    }
}
