package dev.tributary.adapt;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointFollower;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.CheckpointRejection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the newest verified checkpoint of one model. Following the checkpoint topic, it loads
 * each new version on the follower's thread, never on a request thread, and swaps it in
 * atomically; requests lease the current version ({@link #lease()}) and keep it until they
 * close the lease, after which a replaced version is closed. A checkpoint the reader rejects,
 * or one that fails to load, is logged and remembered, and the current version keeps serving.
 *
 * @param <M> the inference model built from a checkpoint
 */
public final class ModelHolder<M extends AutoCloseable> implements AutoCloseable {

    /** Builds the inference model of a verified checkpoint. */
    @FunctionalInterface
    public interface Loader<M> {
        /**
         * @throws IllegalArgumentException (or any exception) when the checkpoint does not
         *     describe a model this service can run
         */
        M load(Checkpoint checkpoint) throws Exception;
    }

    /**
     * The last checkpoint that was not taken into service.
     *
     * @param version its version
     * @param reason why, in words
     */
    public record Refusal(long version, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

    private final String model;
    private final Loader<M> loader;
    private final AtomicReference<LoadedModel<M>> current = new AtomicReference<>();
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
    private CheckpointFollower follower;

    /**
     * @param model the model name on the checkpoint topic, such as {@code simclr} or {@code lm}
     * @param loader turns a verified checkpoint into the inference model
     */
    public ModelHolder(String model, Loader<M> loader) {
        this.model = Objects.requireNonNull(model, "model");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** Starts following the model's checkpoints; the newest verified one is loaded first. */
    public synchronized void follow(CheckpointReader reader) {
        if (follower != null) {
            throw new IllegalStateException("already following " + model);
        }
        follower = reader.follow(model, -1, this::install, this::refuse);
    }

    /** The model name this holder serves. */
    public String model() {
        return model;
    }

    /**
     * A lease on the current version, to be closed when the request is done; empty when no
     * version has been loaded yet.
     */
    public Optional<ModelLease<M>> lease() {
        while (true) {
            LoadedModel<M> loaded = current.get();
            if (loaded == null) {
                return Optional.empty();
            }
            // Fails only when a swap retired this version between the read and the count,
            // in which case the reference already holds the newer one.
            if (loaded.tryAcquire()) {
                return Optional.of(loaded.lease());
            }
        }
    }

    /** The version in service, or -1 before the first is loaded. */
    public long version() {
        LoadedModel<M> loaded = current.get();
        return loaded == null ? -1 : loaded.version();
    }

    /** The last checkpoint refused, if any was. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    /**
     * Loads the checkpoint and puts it in service, retiring the version it replaces once its
     * last request is done. Public so that a caller with a checkpoint from elsewhere (a local
     * store) can serve it; versions not newer than the current one are ignored.
     */
    public void install(Checkpoint checkpoint) {
        if (checkpoint.version() <= version()) {
            return;
        }
        long began = System.nanoTime();
        M loaded;
        try {
            loaded = loader.load(checkpoint);
        } catch (Exception e) {
            LOG.warn("Checkpoint {} v{} could not be loaded; still serving v{}: {}", model,
                    checkpoint.version(), version(), e.getMessage());
            lastRefusal.set(new Refusal(checkpoint.version(), "not loadable: " + e.getMessage()));
            return;
        }
        LoadedModel<M> previous = current.getAndSet(
                new LoadedModel<>(loaded, checkpoint.manifest()));
        LOG.info("Serving {} v{} (step {}), loaded in {} ms{}", model, checkpoint.version(),
                checkpoint.manifest().step(), (System.nanoTime() - began) / 1_000_000,
                previous == null ? "" : "; v" + previous.version() + " retired");
        if (previous != null) {
            previous.release();
        }
    }

    private void refuse(CheckpointRejection rejection) {
        LOG.warn("Checkpoint refused, still serving {} v{}: {}", model, version(),
                rejection.describe());
        lastRefusal.set(new Refusal(rejection.version(),
                rejection.reason() + ": " + rejection.detail()));
    }

    /** Stops following and releases the current version (closed after its last request). */
    @Override
    public void close() {
        CheckpointFollower stopping;
        synchronized (this) {
            stopping = follower;
            follower = null;
        }
        if (stopping != null) {
            stopping.close();
        }
        LoadedModel<M> last = current.getAndSet(null);
        if (last != null) {
            last.release();
        }
    }
}
