package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay) over a fixed list of parameters, with the gradient scale of
 * global-norm clipping folded into the update.
 *
 * <p>Each parameter costs one fused native call of DJL's PyTorch engine, which scales the
 * gradient, decays the weight, updates both moments and the weight, and then zeroes the
 * gradient for the next backward pass. Moment estimates live in the manager of the parameter
 * arrays. The bias correction counts this updater's own updates, so after {@link #reset} (for
 * example when a checkpoint without optimiser state is loaded) the zeroed moments are
 * corrected as at a fresh start. That state is not part of checkpoints: a restarted trainer
 * rebuilds it within a few hundred steps.
 */
final class AdamWUpdater implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> weights;
    private final float[] weightDecays;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long updates;

    /**
     * @param weights the arrays to update, in the order gradients will be given
     * @param weightDecay decay for arrays of two or more dimensions; vectors (biases, batch-norm
     *     scales and shifts) are not decayed
     */
    AdamWUpdater(List<NDArray> weights, float weightDecay) {
        this.weights = List.copyOf(weights);
        this.weightDecays = new float[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            weightDecays[i] = weights.get(i).getShape().dimension() > 1 ? weightDecay : 0f;
        }
        reset();
    }

    /**
     * Updates every weight from its gradient times {@code gradientScale}, at the given rate.
     * Zeroes the gradients.
     */
    void update(List<NDArray> gradients, float learningRate, float gradientScale) {
        updates++;
        double correction1 = 1 - Math.pow(BETA1, updates);
        double correction2 = 1 - Math.pow(BETA2, updates);
        float corrected = (float) (learningRate * Math.sqrt(correction2) / correction1);
        for (int i = 0; i < weights.size(); i++) {
            NDArray weight = weights.get(i);
            NDList inputs = new NDList(weight, gradients.get(i), means.get(i), variances.get(i));
            weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate,
                    corrected, weightDecays[i], gradientScale, -1f, BETA1, BETA2, EPSILON, false,
                    true);
        }
    }

    /** Zeroes the moment estimates and restarts the bias correction. */
    void reset() {
        close();
        for (NDArray weight : weights) {
            means.add(weight.zerosLike());
            variances.add(weight.zerosLike());
        }
        updates = 0;
    }

    @Override
    public void close() {
        means.forEach(NDArray::close);
        variances.forEach(NDArray::close);
        means.clear();
        variances.clear();
    }
}
