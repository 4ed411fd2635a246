package io.twinstream.topology;

import io.twinstream.model.GanSnapshot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest model this instance has loaded, swapped atomically: scorers take whatever is current when a micro-batch
 * starts and use that one frozen snapshot for the whole batch, never blocking on a load.
 */
public final class CurrentModel {

    private final AtomicReference<GanSnapshot> model = new AtomicReference<>();

    /** The current model, or null before the first one. */
    public GanSnapshot get() {
        return model.get();
    }

    /** Installs {@code candidate} unless the current model is as new or newer; true when it was installed. */
    public boolean offer(final GanSnapshot candidate) {
        while (true) {
            final GanSnapshot current = model.get();
            if (current != null && current.version() >= candidate.version()) {
                return false;
            }
            if (model.compareAndSet(current, candidate)) {
                return true;
            }
        }
    }
}
