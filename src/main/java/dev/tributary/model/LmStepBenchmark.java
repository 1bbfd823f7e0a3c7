package dev.tributary.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.tributary.data.Batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Measures {@link LmLearner}'s training throughput on random tokens and prints one JSON line in
 * the form {@code bench/lm_step.py} prints for PyTorch, so the two compare directly:
 *
 * <pre>
 * java -cp ... dev.tributary.model.LmStepBenchmark --batch 32 --tokens 64 --steps 30 --threads 2
 * python3 bench/lm_step.py --batch 32 --tokens 64 --steps 30 --threads 2
 * </pre>
 *
 * <p>Steps are timed one by one and the median reported, which shrugs off the odd slow step
 * when other work shares the machine.
 */
public final class LmStepBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private LmStepBenchmark() {
    }

    /**
     * What one benchmark run measured.
     *
     * @param model always {@code lm}
     * @param engine the engine and its version
     * @param threads intra-op threads the engine was asked to use, 0 for its default
     * @param batch sequences and tokens per sequence of each step's batch
     * @param tokensPerSecond predicted tokens per second at the median step time
     * @param stepSecondsMedian median wall time of one step
     * @param stepSecondsMin the fastest step, closest to what an idle machine does
     * @param flopsPerStep {@link LmConfig#flopsPerToken()} times the predicted tokens of a step
     * @param gflopsPerSecond the model FLOPs achieved, in billions a second
     */
    public record Result(String model, String engine, int threads, int[] batch,
            double tokensPerSecond, double stepSecondsMedian, double stepSecondsMin,
            long flopsPerStep,
            double gflopsPerSecond) {

        /** The result as one line of JSON with snake_case names. */
        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Times {@code steps} steps on a fixed random batch after {@code warmup} untimed ones. */
    public static Result run(LmConfig config, int rows, int tokens, int warmup, int steps,
            int threads) {
        Random random = new Random(config.seed());
        int[] ids = new int[rows * tokens];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 2 + random.nextInt(config.vocabularySize() - 2);
        }
        double[] seconds = new double[steps];
        long predicted;
        try (LmLearner learner = new LmLearner(config)) {
            LmLearner.Tokens batch = learner.prepare(Batch.ofInts(new int[] {rows, tokens}, ids,
                    rows));
            predicted = batch.predicted();
            for (int step = 0; step < warmup + steps; step++) {
                long started = System.nanoTime();
                learner.step(batch);
                if (step >= warmup) {
                    seconds[step - warmup] = (System.nanoTime() - started) / 1e9;
                }
            }
        }
        Arrays.sort(seconds);
        double median = steps % 2 == 1 ? seconds[steps / 2]
                : (seconds[steps / 2 - 1] + seconds[steps / 2]) / 2;
        long flops = config.flopsPerToken() * predicted;
        String engine = "djl " + Engines.pytorch().getEngineName().toLowerCase(Locale.ROOT)
                + " " + Engines.pytorch().getVersion();
        return new Result("lm", engine, threads, new int[] {rows, tokens},
                round(predicted / median, 1), round(median, 5), round(seconds[0], 5), flops,
                round(flops / median / 1e9, 2));
    }

    /** Options as in {@code bench/lm_step.py}: --batch, --tokens, --steps, --warmup, --threads. */
    public static void main(String[] args) {
        int rows = 32;
        int tokens = 64;
        int steps = 30;
        int warmup = 5;
        int threads = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--batch" -> rows = value;
                case "--tokens" -> tokens = value;
                case "--steps" -> steps = value;
                case "--warmup" -> warmup = value;
                case "--threads" -> threads = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // Read once, when the engine loads, so they must be set before anything touches it.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.out.println(run(LmConfig.defaults(), rows, tokens, warmup, steps, threads).toJson());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
