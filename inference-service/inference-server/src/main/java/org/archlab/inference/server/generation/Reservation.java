package org.archlab.inference.server.generation;

import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelLease;

/**
 * Everything a generation holds: the model (so it is not unloaded), a share of the device and the model's
 * turn. It can be handed to another thread (a stream) and is released once, when closed.
 */
public final class Reservation implements AutoCloseable {

    private final ModelLease lease;
    private final CoreSemaphore.Hold cores;
    private boolean closed;

    Reservation(ModelLease lease, CoreSemaphore.Hold cores) {
        this.lease = lease;
        this.cores = cores;
    }

    public LoadedModel model() {
        return lease.model();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lease.model().endTurn();
            cores.close();
            lease.close();
        }
    }
}
