package dev.tributary.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic that records gradients; use these instead of DJL's
 * {@code add}, {@code sub}, {@code mul} and {@code div} with a Java number.
 *
 * <p>Given a number, DJL's PyTorch engine wraps it in a 0-d tensor over a small direct buffer
 * without copying, runs the operation and closes that array at once. Autograd keeps the
 * tensor for the backward pass (the gradient of {@code x * c} is {@code c}), but the tensor
 * does not own its memory: once a garbage collection frees the buffer, backward reads whatever
 * the allocator left there. The step then has a finite loss and a gradient of 1e35 or NaN.
 * Whether a collection falls between forward and backward depends on timing, so it was rare on
 * a quiet machine and frequent under load. A scalar made here joins the manager of the array
 * it is used with, a step's sub-manager, which closes only after backward.
 */
final class Scalars {

    private Scalars() {
    }

    /** A float32 scalar in the manager of {@code companion}, alive until that manager closes. */
    static NDArray of(NDArray companion, float value) {
        return companion.getManager().create(value);
    }
}
