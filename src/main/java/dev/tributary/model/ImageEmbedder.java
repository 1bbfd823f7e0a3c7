package dev.tributary.model;

import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Turns images into the representation vectors of a trained SimCLR encoder (the output before
 * the projection head), for the embed service and the probes.
 *
 * <p>Runs in inference mode: batch norm uses the running statistics stored with the weights, no
 * gradients are tracked, and each call frees its intermediates in a sub-manager of its own. The
 * vectors equal those of {@link SimClrLearner#embed} with the same weights, since both run the
 * same {@link SimClrNetwork}. Calls are serialised; an instance holds a copy of the weights, so
 * threads that must embed in parallel can each have their own.
 */
public final class ImageEmbedder implements AutoCloseable {

    private final NDManager manager;
    private final SimClrNetwork network;

    /**
     * Builds the encoder a checkpoint describes and loads its weights.
     *
     * @throws IllegalArgumentException if the description is not a SimCLR model, or a weight is
     *     missing, unknown or of the wrong shape
     */
    public ImageEmbedder(ModelDescription description, List<NamedTensor> weights) {
        SimClrConfig config = SimClrConfig.from(description);
        this.manager = Engines.pytorch().newBaseManager();
        try {
            this.network = SimClrNetwork.create(config, manager);
            network.freeze();
            network.load(weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The representations of {@code count} images given as (N, C, H, W) floats in [0, 1].
     *
     * @return {@code count} vectors of {@link #dimension()} floats
     * @throws IllegalArgumentException if the pixel count does not match the configured shape
     */
    public synchronized float[][] embed(float[] pixels, int count) {
        return network.embed(pixels, count);
    }

    /** A copy of the weights, running statistics included, as a checkpoint holds them. */
    public synchronized List<NamedTensor> weights() {
        return network.weights();
    }

    /** Length of every vector, D. */
    public int dimension() {
        return network.config().representationSize();
    }

    /** The configuration the description named. */
    public SimClrConfig config() {
        return network.config();
    }

    @Override
    public synchronized void close() {
        manager.close();
    }
}
