package dev.tributary.model;

import dev.tributary.data.Batch;
import java.util.List;

/**
 * A model together with its optimiser: the part of the trainer that touches tensors. Batches go
 * through {@link #prepare} (on a background thread, so augmentation or copying never delays a
 * step) and then {@link #step}, which runs forward, loss, backward, clipping and the update in a
 * per-step NDManager scope so memory stays flat however long it trains.
 *
 * <p>Not thread-safe except that {@code prepare} may run on another thread than {@code step}.
 *
 * @param <P> a batch made ready for a step, e.g. two augmented views of each image
 */
public interface Learner<P> extends AutoCloseable {

    /** Makes a batch ready for {@link #step}; pure Java, no engine calls. */
    P prepare(Batch batch);

    /**
     * One optimisation step. A non-finite loss or gradient makes no update and returns a result
     * with {@code skipped} set.
     */
    StepResult step(P prepared);

    /** Steps taken, skipped ones excluded. */
    long stepCount();

    /** A copy of every parameter, in a stable order. */
    List<NamedTensor> weights();

    /**
     * Replaces every parameter with the given values (names and shapes must match) and sets the
     * step count, which also places the learning-rate schedule.
     *
     * @throws IllegalArgumentException naming the first missing or mismatched parameter
     */
    void load(List<NamedTensor> weights, long stepCount);

    /** The model's kind and hyper-parameters, as written into checkpoint manifests. */
    ModelDescription description();

    @Override
    void close();
}
