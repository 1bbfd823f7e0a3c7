package dev.tributary.checkpoint;

/**
 * Recent training figures that a checkpoint carries, so a reader can judge a model without
 * asking the trainer. Values are averages over the steps since the previous checkpoint, or
 * the last step's values; the trainer says which in its documentation.
 *
 * @param loss training loss (NT-Xent for images, next-token cross-entropy for text)
 * @param learningRate the learning rate of the last step
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param samplesPerSecond training throughput in images or sequences per second
 */
public record TrainingMetrics(double loss, double learningRate, double gradientNorm,
        double samplesPerSecond) {

    /**
     * Rejects non-finite values: a non-finite step never reaches a checkpoint, and JSON has no
     * way to write NaN or infinity.
     */
    public TrainingMetrics {
        requireFinite("loss", loss);
        requireFinite("learningRate", learningRate);
        requireFinite("gradientNorm", gradientNorm);
        requireFinite("samplesPerSecond", samplesPerSecond);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
