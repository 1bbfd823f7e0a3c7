package dev.tributary.adapt;

import dev.tributary.checkpoint.CheckpointManifest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checkpoint version loaded into memory, with a count of its users: the holder that serves
 * it counts as one, and every request that leases it as one more. The model is closed when the
 * count reaches zero, so a request that began on a version finishes on it even after a newer
 * version has replaced it.
 *
 * @param <M> the inference model, closed once nobody uses it
 */
final class LoadedModel<M extends AutoCloseable> {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final M model;
    private final CheckpointManifest manifest;
    private final AtomicInteger users = new AtomicInteger(1); // the holder's own reference

    LoadedModel(M model, CheckpointManifest manifest) {
        this.model = Objects.requireNonNull(model, "model");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    CheckpointManifest manifest() {
        return manifest;
    }

    long version() {
        return manifest.version();
    }

    /**
     * Counts one more user, unless the count has already reached zero and the model is closed
     * or closing; the caller then looks for the holder's newer model.
     */
    boolean tryAcquire() {
        while (true) {
            int count = users.get();
            if (count == 0) {
                return false;
            }
            if (users.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** A lease on this model for a caller that has acquired it. */
    ModelLease<M> lease() {
        return new ModelLease<>(model, manifest, this::release);
    }

    /** Counts one user less, closing the model after the last. */
    void release() {
        int left = users.decrementAndGet();
        if (left == 0) {
            close();
        } else if (left < 0) {
            throw new IllegalStateException(manifest.model() + " v" + version()
                    + " released more often than acquired");
        }
    }

    private void close() {
        try {
            model.close();
            LOG.debug("Closed {} v{}", manifest.model(), version());
        } catch (Exception e) {
            LOG.warn("Closing {} v{} failed: {}", manifest.model(), version(), e.getMessage(), e);
        }
    }
}
