package org.archlab.inference.server.models;

/** A hold on a loaded model: while any lease is open the catalog does not unload it. Close it when done. */
public final class ModelLease implements AutoCloseable {

    private final LoadedModel model;
    private final ModelCatalog catalog;
    private boolean closed;

    ModelLease(LoadedModel model, ModelCatalog catalog) {
        this.model = model;
        this.catalog = catalog;
    }

    public LoadedModel model() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            catalog.release(model);
        }
    }
}
