package io.twinstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or SIGTERM) into a signal the command's main loop waits on; the JVM then waits, up to a limit, for
 * the command to finish closing everything before it exits.
 */
final class ShutdownSignal implements AutoCloseable {

    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal() {
        this.hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "twinstream-shutdown");
    }

    static ShutdownSignal install() {
        final ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits up to {@code timeout}; true once a stop was requested. */
    boolean awaitStop(final Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean stopRequested() {
        return requested.getCount() == 0;
    }

    /** Cleanup is done: lets a pending JVM exit go on, or removes the hook when no stop was requested. */
    @Override
    public void close() {
        finished.countDown();
        if (!stopRequested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }
}
