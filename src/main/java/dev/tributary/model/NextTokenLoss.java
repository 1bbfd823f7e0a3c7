package dev.tributary.model;

import ai.djl.ndarray.NDArray;

/**
 * The language model's training loss: the mean cross-entropy of next-token logits over the
 * targets that are not padding.
 */
final class NextTokenLoss {

    /** Axis 2 of {@code (B, T, V)}: the vocabulary. */
    private static final int VOCABULARY_AXIS = 2;

    private NextTokenLoss() {
    }

    /**
     * @param logits next-token logits {@code (B, T, V)}
     * @param targets int64 target ids {@code (B, T)}
     * @param mask 1 for a target that counts, 0 for padding {@code (B, T)}
     * @param predicted the number of ones in the mask, more than zero
     * @return the loss {@code ()}, in the manager of the logits
     */
    static NDArray mean(NDArray logits, NDArray targets, NDArray mask, long predicted) {
        NDArray picked = logits.logSoftmax(VOCABULARY_AXIS)
                .gather(targets.expandDims(VOCABULARY_AXIS), VOCABULARY_AXIS) // (B, T, 1)
                .squeeze(VOCABULARY_AXIS); // (B, T)
        return picked.mul(mask).sum().div(Scalars.of(picked, -predicted)); // ()
    }
}
