package org.archlab.inference.server.generation;

import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelLease;

/**
 * Everything a generation holds: the model (so it is not unloaded), its model's share of the device and a seat
 * in the model's decode batch. It can be handed to another thread (a stream) and is released once, when closed.
 */
public final class Reservation implements AutoCloseable {

    private final ModelLease lease;
    private final AutoCloseable cores;
    private boolean closed;

    Reservation(ModelLease lease, AutoCloseable cores) {
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
            try {
                cores.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the device share", e);
            } finally {
                lease.close();
            }
        }
    }
}
