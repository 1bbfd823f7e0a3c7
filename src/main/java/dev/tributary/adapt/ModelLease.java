package dev.tributary.adapt;

import dev.tributary.checkpoint.CheckpointManifest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request's hold on one loaded checkpoint version. While the lease is open the model stays
 * loaded, whatever newer version arrives; close it when the request is done, exactly once
 * (further closes do nothing).
 *
 * @param <M> the inference model
 */
public final class ModelLease<M> implements AutoCloseable {

    private final M model;
    private final CheckpointManifest manifest;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelLease(M model, CheckpointManifest manifest, Runnable release) {
        this.model = model;
        this.manifest = manifest;
        this.release = release;
    }

    /** The model, valid until this lease is closed. */
    public M model() {
        return model;
    }

    /** The manifest of the checkpoint the model was loaded from. */
    public CheckpointManifest manifest() {
        return manifest;
    }

    /** The checkpoint version, which every response names. */
    public long version() {
        return manifest.version();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
