package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * AdamW (decoupled weight decay) over a fixed set of parameters, with the global-norm gradient
 * clipping folded into the update as a gradient scale.
 *
 * <p>Each parameter's update is one native call to the engine's fused Adam kernel, the one
 * DJL's own {@code AdamW} uses, without that optimiser's per-parameter bookkeeping and with a
 * weight decay per parameter: matrices decay, vectors (biases, LayerNorm) do not. The kernel
 * folds both bias corrections into the rate and divides by {@code sqrt(v) + eps}; scaling eps by
 * the second correction at each update makes that exactly PyTorch's {@code AdamW}, which adds
 * eps after correcting {@code v} (checked against {@code bench/lm_step.py}).
 *
 * <p>Moments live beside the weights and are not part of a checkpoint: after {@link #reset()}
 * they start from zero with fresh bias correction, which makes the first updates after a
 * restart behave like the first updates of a new run (at the scheduled rate).
 */
final class AdamWOptimizer implements AutoCloseable {

    static final float BETA1 = 0.9f;
    /** The second-moment decay of the language model, as in GPT-style training. */
    static final float BETA2 = 0.95f;
    static final float EPSILON = 1e-8f;

    private final List<Slot> slots = new ArrayList<>();
    private final float beta2;
    private long updates;

    /** Decays every parameter of rank two or more by {@code weightDecay}, the rest not. */
    AdamWOptimizer(Collection<NDArray> weights, float weightDecay) {
        this(weights, weightDecay, BETA2);
    }

    /**
     * @param beta2 decay of the second-moment estimate: 0.95 follows a changing stream more
     *     closely, PyTorch's default 0.999 averages over longer
     */
    AdamWOptimizer(Collection<NDArray> weights, float weightDecay, float beta2) {
        this.beta2 = beta2;
        for (NDArray weight : weights) {
            float decay = weight.getShape().dimension() >= 2 ? weightDecay : 0f;
            slots.add(new Slot(weight, decay));
        }
    }

    /**
     * The global L2 norm of all gradients, not finite when any gradient is not. Holds on to the
     * gradients for {@link #apply} or {@link #discard}; their handles close with {@code scope}.
     */
    float gradientNorm(NDManager scope) {
        NDList norms = new NDList(slots.size());
        for (Slot slot : slots) {
            NDArray gradient = slot.weight.getGradient();
            // The handle DJL makes joins the weight's manager, which lives as long as the model.
            gradient.attach(scope);
            slot.gradient = gradient;
            norms.add(gradient.norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    /** One AdamW update with the gradients scaled by {@code gradientScale}; clears them. */
    void apply(float learningRate, float gradientScale) {
        updates++;
        double firstCorrection = 1 - Math.pow(BETA1, updates);
        double secondCorrection = 1 - Math.pow(beta2, updates);
        float correctedRate = (float) (learningRate * Math.sqrt(secondCorrection)
                / firstCorrection);
        float epsilon = (float) (EPSILON * Math.sqrt(secondCorrection));
        for (Slot slot : slots) {
            NDList state = new NDList(slot.weight, slot.gradient, slot.mean, slot.variance);
            // A negative clip value turns off the kernel's element-wise clipping; the global
            // norm clipping is the gradient scale. The kernel zeroes the gradient afterwards.
            slot.weight.getNDArrayInternal().adamUpdate(state, new NDList(slot.weight),
                    learningRate, correctedRate, slot.decay, gradientScale, -1f, BETA1, beta2,
                    epsilon, false, true);
            slot.gradient = null;
        }
    }

    /**
     * Drops the gradients without an update. NaN survives any arithmetic reset (NaN * 0 is
     * NaN), so this asks PyTorch to zero them.
     */
    void discard() {
        for (Slot slot : slots) {
            JniUtils.zeroGrad((PtNDArray) slot.weight);
            slot.gradient = null;
        }
    }

    /** Zeroes the moments and restarts bias correction, for weights loaded from elsewhere. */
    void reset() {
        for (Slot slot : slots) {
            slot.closeMoments();
            slot.createMoments();
        }
        updates = 0;
    }

    @Override
    public void close() {
        slots.forEach(Slot::closeMoments);
    }

    private static final class Slot {
        final NDArray weight;
        final float decay;
        NDArray mean;
        NDArray variance;
        NDArray gradient;

        Slot(NDArray weight, float decay) {
            this.weight = weight;
            this.decay = decay;
            createMoments();
        }

        void createMoments() {
            mean = weight.zerosLike();
            variance = weight.zerosLike();
        }

        void closeMoments() {
            mean.close();
            variance.close();
        }
    }
}
