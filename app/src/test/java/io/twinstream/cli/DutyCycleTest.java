package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DutyCycleTest {

    @Test
    void shouldPauseInProportionToTheWork() throws InterruptedException {
        final DutyCycle quarter = new DutyCycle(0.25);
        final long start = System.nanoTime();
        quarter.run(() -> sleep(40));
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // 40 ms of work at a quarter share is followed by a pause of at least 120 ms
        assertTrue(elapsedMs >= 160, "took " + elapsedMs + " ms");
    }

    @Test
    void shouldEndAPauseEarlyOnceTheLoopIsStopping() throws InterruptedException {
        final DutyCycle tiny = new DutyCycle(0.01, () -> true);
        final long start = System.nanoTime();
        tiny.run(() -> sleep(50));
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // 50 ms of work at a hundredth share would be followed by a pause of 4.95 s
        assertTrue(elapsedMs < 2_000, "took " + elapsedMs + " ms");
    }

    @Test
    void shouldYieldToABacklogKeepingToATenthOfTheShare() throws InterruptedException {
        final boolean[] behind = {true};
        final DutyCycle half = new DutyCycle(0.5, () -> false, () -> behind[0]);
        // a millisecond of work: a millisecond's pause at half a core, 19 at a twentieth
        assertEquals(1_000_000L, half.pauseNanos(1_000_000L, false));
        assertEquals(19_000_000L, half.pauseNanos(1_000_000L, true), 1);
        final long start = System.nanoTime();
        assertTrue(half.run(() -> sleep(20)), "yielded");
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // 20 ms of work while yielding is followed by a pause of at least 380 ms
        assertTrue(elapsedMs >= 400, "took " + elapsedMs + " ms");
        assertTrue(half.nanosYielding() >= 400_000_000L && half.nanosYielding() == half.nanos(), "all of its time so far yielding");
        behind[0] = false;
        assertFalse(half.run(() -> sleep(5)), "did not yield");
        assertTrue(half.nanos() - half.nanosYielding() >= 10_000_000L, "5 ms of work and as long a pause at its full share");
        // no probe: never yields
        final DutyCycle unprobed = DutyCycle.yieldingTo(null, 0.5, () -> false);
        assertFalse(unprobed.run(() -> { }));
    }

    @Test
    void shouldRefuseAShareOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new DutyCycle(0));
        assertThrows(IllegalArgumentException.class, () -> new DutyCycle(1.5));
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
