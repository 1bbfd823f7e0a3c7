package dev.tributary.train;

import dev.tributary.data.Batch;
import dev.tributary.model.Learner;
import dev.tributary.model.StepResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Times a learner's training steps on batches made in memory, so nothing but the step is
 * measured: preparing (augmentation) happens before the clock starts and before the step, on
 * the same thread, so it never competes with a timed step for the cores. (The trainer prepares
 * on a background thread ahead of the step instead, where it does share the cores.)
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

    /** The learner's figures and those of its PyTorch twins, from interleaved steps. */
    public record Beside(Result java, List<Result> twins) {
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
        warmUp(learner, batches, warmup);
        double[] seconds = new double[steps];
        StepResult result = null;
        for (int i = 0; i < steps; i++) {
            result = timedStep(learner, batches, i, seconds);
        }
        return result(seconds, result);
    }

    /**
     * Runs {@code warmup} untimed steps, then {@code steps} rounds of one timed step of the
     * learner and of each twin, the order turning by one place from round to round. On a
     * machine that others share, load that comes and goes then falls on all sides alike, and
     * the ratios of the medians stay meaningful where runs one after another would not. Each
     * twin's sample and token counts per step are taken to equal the learner's (same batch).
     *
     * @param twins started twins that have warmed up their own models
     * @throws IllegalStateException when a step is skipped, which would time no real work
     */
    public static <P> Beside measureBeside(Learner<P> learner, Supplier<Batch> batches,
            int warmup, int steps, List<TwinSession> twins) throws IOException {
        warmUp(learner, batches, warmup);
        int sides = twins.size() + 1;
        double[][] seconds = new double[sides][steps];                     // side 0: learner
        StepResult result = null;
        for (int i = 0; i < steps; i++) {
            for (int turn = 0; turn < sides; turn++) {
                int side = (turn + i) % sides;
                if (side == 0) {
                    result = timedStep(learner, batches, i, seconds[0]);
                } else {
                    seconds[side][i] = twins.get(side - 1).step();
                }
            }
        }
        List<Result> twinResults = new ArrayList<>(twins.size());
        for (int side = 1; side < sides; side++) {
            twinResults.add(result(seconds[side], result));
        }
        return new Beside(result(seconds[0], result), twinResults);
    }

    private static <P> void warmUp(Learner<P> learner, Supplier<Batch> batches, int warmup) {
        for (int i = 0; i < warmup; i++) {
            learner.step(learner.prepare(batches.get()));
        }
    }

    private static <P> StepResult timedStep(Learner<P> learner, Supplier<Batch> batches, int i,
            double[] seconds) {
        P input = learner.prepare(batches.get());
        long start = System.nanoTime();
        StepResult result = learner.step(input);
        seconds[i] = (System.nanoTime() - start) / 1e9;
        if (result.skipped()) {
            throw new IllegalStateException("step " + i + " was skipped: loss "
                    + result.loss() + ", gradient norm " + result.gradientNorm());
        }
        return result;
    }

    private static Result result(double[] seconds, StepResult last) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return new Result(median, last.samples() / median, last.tokens() / median);
    }
}
