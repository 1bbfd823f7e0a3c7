package dev.tributary.embed;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointFollower;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.CheckpointRejection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model an embed service serves, kept up to date with the checkpoint topic. Each newly
 * verified checkpoint is loaded on the follower's thread, so the polling thread never waits
 * for a load; the polling thread picks the loaded model up between micro-batches with
 * {@link #current()}, which swaps the reference and closes the model it replaces. A
 * checkpoint that is rejected or cannot be loaded is logged, and the current model goes on.
 */
final class ServingModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServingModel.class);

    /** A model loaded and waiting to be served, with how long loading took. */
    private record Loaded(RecordEmbedder<?> embedder, Duration loadTime) {
    }

    private final Modality modality;
    private final String model;
    private final EmbedMetrics metrics;
    private final AtomicReference<Loaded> pending = new AtomicReference<>();
    private final CountDownLatch firstLoaded = new CountDownLatch(1);
    private volatile boolean closed;
    private CheckpointFollower follower;
    private RecordEmbedder<?> serving;

    ServingModel(Modality modality, String model, EmbedMetrics metrics) {
        this.modality = modality;
        this.model = model;
        this.metrics = metrics;
    }

    /** Starts following the model's checkpoints from the newest one on the topic. */
    void follow(CheckpointReader reader) {
        follower = reader.follow(model, -1, this::load, this::refuse);
    }

    /** Waits up to the timeout for a first model; true once one is loaded. */
    boolean awaitFirst(Duration timeout) throws InterruptedException {
        return firstLoaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The model to embed the next micro-batch with: the newest loaded one, swapped in now if
     * it arrived since the last call. Only the polling thread may call this, since it closes
     * the model it replaces.
     *
     * @return null before a first model is loaded
     */
    RecordEmbedder<?> current() {
        Loaded next = pending.getAndSet(null);
        if (next != null) {
            RecordEmbedder<?> replaced = serving;
            serving = next.embedder();
            metrics.modelVersion(serving.version());
            if (replaced == null) {
                log.info("Embedding {} with {} v{} (loaded in {} ms)", modality.tag(), model,
                        serving.version(), next.loadTime().toMillis());
            } else {
                log.info("Embedding {}: model swapped from {} v{} to v{} (loaded in {} ms)",
                        modality.tag(), model, replaced.version(), serving.version(),
                        next.loadTime().toMillis());
                replaced.close();
            }
        }
        return serving;
    }

    /** Runs on the follower's thread. */
    private void load(Checkpoint checkpoint) {
        long start = System.nanoTime();
        RecordEmbedder<?> loaded;
        try {
            loaded = modality == Modality.IMAGES ? new ImageRecordEmbedder(checkpoint)
                    : new TextRecordEmbedder(checkpoint);
        } catch (RuntimeException e) {
            log.warn("Checkpoint {} v{} refused for {}: it cannot be loaded ({}); {}", model,
                    checkpoint.version(), modality.tag(), e.getMessage(), keeping());
            return;
        }
        Loaded superseded = pending.getAndSet(
                new Loaded(loaded, Duration.ofNanos(System.nanoTime() - start)));
        if (superseded != null) {
            superseded.embedder().close(); // a newer one arrived before it was ever served
        }
        firstLoaded.countDown();
        if (closed) {
            closePending(); // close() ran while this was loading
        }
    }

    private void refuse(CheckpointRejection rejection) {
        log.warn("Checkpoint {}; {}", rejection.describe(), keeping());
    }

    private String keeping() {
        long version = metrics.modelVersion();
        return version > 0 ? "still serving v" + version : "still waiting for a usable model";
    }

    /** Stops following and frees every model; call it from the polling thread, at the end. */
    @Override
    public void close() {
        closed = true;
        if (follower != null) {
            follower.close();
        }
        closePending();
        if (serving != null) {
            serving.close();
            serving = null;
        }
    }

    private void closePending() {
        Loaded left = pending.getAndSet(null);
        if (left != null) {
            left.embedder().close();
        }
    }
}
