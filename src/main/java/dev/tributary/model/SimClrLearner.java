package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tributary.data.Batch;
import dev.tributary.data.DType;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link SimClrNetwork} with NT-Xent on two augmented views of every image, AdamW and
 * global-norm gradient clipping.
 *
 * <p>{@link #prepare} makes the views in plain Java (it is meant for a background thread);
 * {@link #step} runs forward, loss, backward, clipping and the update inside a sub-manager that
 * frees every per-step array. A step whose loss or gradient norm is not finite changes nothing:
 * not the weights, not the batch-norm running statistics (which the forward pass updates in
 * place, so they are put back), not the step count.
 *
 * <p>PyTorch through DJL allows one gradient collector at a time in a process, so steps of
 * several learners must not overlap.
 */
public final class SimClrLearner implements Learner<SimClrLearner.Views> {

    /** Keeps the clipping scale finite for a zero gradient. */
    private static final float NORM_EPSILON = 1e-6f;
    /** PyTorch's default second-moment decay, which the contrastive twin script uses too. */
    private static final float ADAM_BETA2 = 0.999f;
    /** Sets the augmentation stream apart from the weight initialisation of the same seed. */
    private static final long AUGMENTATION_STREAM = 0x9E3779B97F4A7C15L;

    /**
     * Two augmented views of each image of a batch, ready for {@link #step}.
     *
     * @param pixels (2N, C, H, W): view one of every image, then view two in the same order
     * @param images N, the number of source images
     */
    public record Views(float[] pixels, int images) {
    }

    private final SimClrConfig config;
    private final NDManager manager;
    private final SimClrNetwork network;
    private final NtXentLoss ntXent;
    private final ImageAugmenter augmenter;
    private final List<NDArray> trainable = new ArrayList<>();
    private final List<NDArray> runningStatistics = new ArrayList<>();
    private final AdamWOptimizer optimizer;
    private long stepCount;

    /** Builds a freshly initialised network on the PyTorch engine. */
    public SimClrLearner(SimClrConfig config) {
        this.config = config;
        this.manager = Engines.pytorch().newBaseManager();
        try {
            this.network = SimClrNetwork.create(config, manager);
            for (Parameter parameter : network.parameters().values()) {
                (parameter.requiresGradient() ? trainable : runningStatistics)
                        .add(parameter.getArray());
            }
            this.optimizer = new AdamWOptimizer(trainable, config.weightDecay(), ADAM_BETA2);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.ntXent = new NtXentLoss(config.temperature());
        this.augmenter = new ImageAugmenter(config.augmentation(), config.channels(),
                config.height(), config.width(), config.seed() ^ AUGMENTATION_STREAM);
    }

    public SimClrConfig config() {
        return config;
    }

    /**
     * Makes two independent views of every image of a float32 (N, C, H, W) batch.
     *
     * @throws IllegalArgumentException if the batch does not match the configured image shape
     *     or holds fewer than two images (a lone image has no negatives)
     */
    @Override
    public Views prepare(Batch batch) {
        requireImages(batch);
        int count = batch.shape()[0];
        float[] images = batch.floats();                                   // (N, C, H, W)
        float[] views = new float[2 * images.length];                      // (2N, C, H, W)
        augmenter.augment(images, count, views, 0);
        augmenter.augment(images, count, views, images.length);
        return new Views(views, count);
    }

    @Override
    public StepResult step(Views views) {
        int count = views.images();
        float rate = config.schedule().rate(stepCount);
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = scope.create(views.pixels(), new Shape(2L * count,
                    config.channels(), config.height(), config.width()));  // (2N, C, H, W)
            // The forward pass updates the batch-norm running statistics in place; a skipped step
            // must put them back.
            List<NDArray> savedStatistics = copies(runningStatistics, scope);
            float lossValue = forwardAndBackward(images).getFloat();
            float norm = optimizer.gradientNorm(scope);
            if (!Float.isFinite(lossValue) || !Float.isFinite(norm)) {
                restore(savedStatistics);
                optimizer.discard();
                return new StepResult(lossValue, norm, rate, count, 0, true);
            }
            float scale = Math.min(1f, config.clipNorm() / (norm + NORM_EPSILON));
            optimizer.apply(rate, scale);
            stepCount++;
            return new StepResult(lossValue, norm, rate, count, 0, false);
        }
    }

    /**
     * Representations of {@code count} images (N, C, H, W) under the current weights, in
     * inference mode; the same vectors an {@link ImageEmbedder} of {@link #weights()} gives.
     */
    public float[][] embed(float[] pixels, int count) {
        return network.embed(pixels, count);
    }

    @Override
    public long stepCount() {
        return stepCount;
    }

    @Override
    public List<NamedTensor> weights() {
        return network.weights();
    }

    /** Loads the weights and step count; the AdamW moments start again from zero. */
    @Override
    public void load(List<NamedTensor> weights, long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must not be negative");
        }
        network.load(weights);
        optimizer.reset();
        this.stepCount = stepCount;
    }

    @Override
    public ModelDescription description() {
        return config.description();
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }

    private NDArray forwardAndBackward(NDArray images) {
        try (GradientCollector collector = GradientCollectors.open(manager.getEngine())) {
            ParameterStore store = new ParameterStore(images.getManager(), false);
            NDArray representations = network.represent(store, images, true);  // (2N, D)
            NDArray projections = network.project(store, representations, true); // (2N, P)
            NDArray value = ntXent.compute(projections);                        // ()
            collector.backward(value);
            return value;
        }
    }

    private static List<NDArray> copies(List<NDArray> arrays, NDManager scope) {
        List<NDArray> copies = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            NDArray copy = array.duplicate();
            copy.attach(scope);
            copies.add(copy);
        }
        return copies;
    }

    private void restore(List<NDArray> saved) {
        for (int i = 0; i < saved.size(); i++) {
            runningStatistics.get(i).set(FloatBuffer.wrap(saved.get(i).toFloatArray()));
        }
    }

    private void requireImages(Batch batch) {
        int[] expected = {batch.shape()[0], config.channels(), config.height(), config.width()};
        if (batch.dtype() != DType.FLOAT32 || !Arrays.equals(batch.shape(), expected)
                || expected[0] < 2) {
            throw new IllegalArgumentException("expected a float32 batch of at least 2 images "
                    + "shaped (N, " + config.channels() + ", " + config.height() + ", "
                    + config.width() + "), got " + batch);
        }
    }
}
