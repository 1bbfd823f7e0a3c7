package dev.tributary.model;

/**
 * Learning rate for an endless stream: linear warm-up to the peak, then an inverse square-root
 * decay towards a floor, which keeps learning at any step count (a cosine schedule needs an end).
 *
 * @param peak the rate reached at the end of the warm-up
 * @param warmupSteps steps of linear warm-up
 * @param decaySteps scale of the decay: at {@code warmup + decaySteps} the rate is peak/√2
 * @param floor the rate never goes below this
 */
public record LearningRateSchedule(float peak, int warmupSteps, int decaySteps, float floor) {

    public LearningRateSchedule {
        if (peak <= 0 || warmupSteps < 0 || decaySteps <= 0 || floor < 0 || floor > peak) {
            throw new IllegalArgumentException("invalid learning-rate schedule");
        }
    }

    /** The rate for the update made at {@code step} (0-based). */
    public float rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double decayed = peak / Math.sqrt(1.0 + (double) (step - warmupSteps) / decaySteps);
        return (float) Math.max(floor, decayed);
    }
}
