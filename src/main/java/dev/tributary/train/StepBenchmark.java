package dev.tributary.train;

import dev.tributary.data.Batch;
import dev.tributary.model.Learner;
import dev.tributary.model.StepResult;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Times a learner's training steps on batches made in memory, so nothing but the step is
 * measured: preparing (augmentation) happens before the clock starts, as it does on the
 * trainer's background thread.
 */
public final class StepBenchmark {

    /**
     * Medians of the timed steps.
     *
     * @param stepSeconds median time of one step
     * @param samplesPerSecond batch rows (images or sequences) a second at the median step
     * @param tokensPerSecond predicted tokens a second at the median step; 0 for images
     */
    public record Result(double stepSeconds, double samplesPerSecond, double tokensPerSecond) {
    }

    private StepBenchmark() {
    }

    /**
     * Runs {@code warmup} untimed steps, then {@code steps} timed ones.
     *
     * @throws IllegalStateException when a step is skipped, which would time no real work
     */
    public static <P> Result measure(Learner<P> learner, Supplier<Batch> batches, int warmup,
            int steps) {
        for (int i = 0; i < warmup; i++) {
            learner.step(learner.prepare(batches.get()));
        }
        double[] seconds = new double[steps];
        StepResult result = null;
        for (int i = 0; i < steps; i++) {
            P input = learner.prepare(batches.get());
            long start = System.nanoTime();
            result = learner.step(input);
            seconds[i] = (System.nanoTime() - start) / 1e9;
            if (result.skipped()) {
                throw new IllegalStateException("step " + i + " was skipped: loss "
                        + result.loss() + ", gradient norm " + result.gradientNorm());
            }
        }
        Arrays.sort(seconds);
        double median = seconds[steps / 2];
        return new Result(median, result.samples() / median, result.tokens() / median);
    }
}
