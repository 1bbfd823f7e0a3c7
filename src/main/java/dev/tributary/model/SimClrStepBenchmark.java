package dev.tributary.model;

import dev.tributary.data.Batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times SimCLR training steps on random pixels, the Java side of {@code bench/simclr_step.py},
 * which runs the same network, loss and optimiser in PyTorch and prints the same JSON keys.
 * Views are made once before timing: in the trainer they are made on a background thread
 * while the previous step runs, so they do not add to a step's time.
 */
public final class SimClrStepBenchmark {

    private SimClrStepBenchmark() {
    }

    /**
     * What the timed steps measured.
     *
     * @param batch source images a step; each gives two views to the network
     * @param steps timed steps
     * @param medianSeconds median wall time of one step
     * @param flopsPerStep {@link ModelFlops#simClrStep}
     */
    public record Result(int batch, int steps, double medianSeconds, long flopsPerStep) {

        public double imagesPerSecond() {
            return batch / medianSeconds;
        }

        public double gflopsPerSecond() {
            return flopsPerStep / medianSeconds / 1e9;
        }

        /** One line of JSON with the keys the PyTorch script prints. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"model\": \"simclr\", \"framework\": \"djl\", "
                    + "\"batch\": %d, \"images_per_second\": %.1f, \"views_per_second\": %.1f, "
                    + "\"step_seconds_median\": %.5f, \"flops_per_step\": %d, "
                    + "\"gflops_per_second\": %.2f}", batch, imagesPerSecond(),
                    2 * imagesPerSecond(), medianSeconds, flopsPerStep, gflopsPerSecond());
        }
    }

    /** Runs {@code warmup} untimed steps, then {@code steps} timed ones, on one learner. */
    public static Result run(SimClrConfig config, int batch, int warmup, int steps) {
        if (batch < 2 || warmup < 0 || steps < 1) {
            throw new IllegalArgumentException("need a batch of 2 or more and at least one step");
        }
        int size = config.channels() * config.height() * config.width();
        float[] pixels = new float[batch * size];
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        Batch images = Batch.ofFloats(
                new int[] {batch, config.channels(), config.height(), config.width()}, pixels,
                batch);
        try (SimClrLearner learner = new SimClrLearner(config)) {
            SimClrLearner.Views views = learner.prepare(images);
            for (int i = 0; i < warmup; i++) {
                learner.step(views);
            }
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                learner.step(views);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            return new Result(batch, steps, seconds[steps / 2],
                    ModelFlops.simClrStep(config, batch));
        }
    }
}
