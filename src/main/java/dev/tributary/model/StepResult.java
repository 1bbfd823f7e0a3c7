package dev.tributary.model;

/**
 * What one training step did.
 *
 * @param loss the loss of the step's batch, before the update
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param learningRate the learning rate the update used
 * @param samples images or sequences in the batch
 * @param tokens predicted tokens in the batch (padding excluded); zero for images
 * @param skipped true when the loss or a gradient was not finite and no update was made
 */
public record StepResult(float loss, float gradientNorm, float learningRate, int samples,
        long tokens, boolean skipped) {
}
