package io.twinstream.topology;

import io.twinstream.model.GanSnapshot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest model this instance has loaded, and the one it replaced, swapped atomically: scorers take whatever is
 * current when a micro-batch starts and use those frozen snapshots for the whole batch, never blocking on a load.
 */
public final class CurrentModel {

    /** The newest model and the one it replaced; either may be null. */
    public record Models(GanSnapshot current, GanSnapshot previous) {
    }

    private final AtomicReference<Models> models = new AtomicReference<>(new Models(null, null));

    /** The current model, or null before the first one. */
    public GanSnapshot get() {
        return models.get().current();
    }

    /** The current model and the one before it, as one consistent pair. */
    public Models both() {
        return models.get();
    }

    /** Installs {@code candidate} unless the current model is as new or newer; true when it was installed. */
    public boolean offer(final GanSnapshot candidate) {
        while (true) {
            final Models installed = models.get();
            final GanSnapshot current = installed.current();
            if (current != null && current.version() >= candidate.version()) {
                return false;
            }
            if (models.compareAndSet(installed, new Models(candidate, current))) {
                return true;
            }
        }
    }
}
