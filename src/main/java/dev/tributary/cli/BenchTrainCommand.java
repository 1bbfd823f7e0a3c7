package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.Batch;
import dev.tributary.model.Engines;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.ModelFlops;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.train.MachinePeak;
import dev.tributary.train.PyTorchTwin;
import dev.tributary.train.StepBenchmark;
import dev.tributary.train.TwinSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training-step throughput of both default models, DJL beside PyTorch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Images/s and tokens/s of a training step of both default models in DJL, "
                + "beside the same model, shapes and batch in PyTorch (Debian's python3-torch, "
                + "when installed), with the ratio and model FLOP utilisation.")
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "20",
            description = "Timed steps of each model; the table shows medians "
                    + "(default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of both engines (default: one per core).")
    Integer threads;

    @Option(names = "--image-batch-size", defaultValue = "256",
            description = "Images a step (default: ${DEFAULT-VALUE}).")
    int imageBatch;

    @Option(names = "--text-batch-size", defaultValue = "32",
            description = "Sequences a step (default: ${DEFAULT-VALUE}).")
    int textBatch;

    @Option(names = "--sequence-length", defaultValue = "64",
            description = "Tokens a sequence (default: ${DEFAULT-VALUE}).")
    int sequenceLength;

    @Option(names = "--model", defaultValue = "BOTH", paramLabel = "MODEL",
            description = "SIMCLR, LM or BOTH (default: ${DEFAULT-VALUE}).")
    Models models;

    /** Which models the benchmark measures. */
    enum Models {
        SIMCLR, LM, BOTH
    }

    /** One line of the table. */
    private record Row(String model, String engine, String batch, double stepSeconds,
            double throughput, String unit, long flopsPerStep) {
    }

    @Override
    public Integer call() throws IOException {
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        // Read once, when the engine loads: set before anything touches it.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threadCount));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Optional<PyTorchTwin> twin = PyTorchTwin.find();
        Optional<MachinePeak> peak = MachinePeak.read();

        List<Row> simclr = List.of();
        if (models != Models.LM) {
            System.out.println("Measuring the SimCLR step" + (twin.isPresent()
                    ? ", alternating with PyTorch NCHW and channels-last..." : "..."));
            simclr = simclr(twin, threadCount);
        }
        Row lmDjl = null;
        Row lmTorch = null;
        if (models != Models.SIMCLR) {
            System.out.println("Measuring the language-model step...");
            lmDjl = languageModel();
            lmTorch = twin.isPresent() ? languageModelTwin(twin.get(), threadCount) : null;
        }

        System.out.printf("%nTraining-step benchmark: medians of %d steps after %d warm-up, "
                + "%d intra-op thread(s), %d cores%s%n%n", steps, warmup, threadCount,
                Runtime.getRuntime().availableProcessors(), peak.map(p -> String.format(
                        "; nominal peak %.0f GFLOP/s (%d FLOP/cycle at %.2f GHz)",
                        p.flopsPerSecond() / 1e9, p.flopsPerCycle(), p.gigahertz())).orElse(""));
        System.out.printf("%-7s %-24s %-12s %8s %18s %8s %6s %9s%n", "model", "engine",
                "batch", "step ms", "throughput", "GFLOP/s", "MFU", "djl/this");
        for (Row row : simclr) {
            print(row, simclr.get(0), peak);
        }
        print(lmDjl, lmDjl, peak);
        print(lmTorch, lmDjl, peak);
        System.out.println("\ndjl/this: DJL's throughput over that row's. Target: at least 1.0x "
                + "PyTorch for both models.");
        if (twin.isPresent() && !simclr.isEmpty()) {
            System.out.println("The SimCLR steps alternate between DJL and both PyTorch layouts, "
                    + "so all see the same load;\nno side augments during a timed step (DJL makes "
                    + "its views before the clock starts).");
        }
        return 0;
    }

    /** DJL's row first, then PyTorch's NCHW and channels-last rows when the twin exists. */
    private List<Row> simclr(Optional<PyTorchTwin> twin, int threadCount) throws IOException {
        SimClrConfig config = SimClrConfig.defaults();
        int[] shape = {imageBatch, config.channels(), config.height(), config.width()};
        Random random = new Random(1);
        float[] pixels = new float[imageBatch * config.channels() * config.height()
                * config.width()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        Batch batch = Batch.ofFloats(shape, pixels, imageBatch); // (N, C, H, W)
        long flops = ModelFlops.simClrStep(config, imageBatch);
        try (SimClrLearner learner = new SimClrLearner(config)) {
            if (twin.isEmpty()) {
                StepBenchmark.Result result = StepBenchmark.measure(learner, () -> batch, warmup,
                        steps);
                return List.of(simclrRow(djlEngine(), shape, result, flops));
            }
            List<String> arguments = List.of("--batch", Integer.toString(imageBatch),
                    "--warmup", Integer.toString(warmup), "--threads",
                    Integer.toString(threadCount));
            List<String> layout = new ArrayList<>(arguments);
            layout.add("--channels-last");
            try (TwinSession nchw = twin.get().start("simclr_step.py", arguments);
                    TwinSession channelsLast = twin.get().start("simclr_step.py", layout)) {
                StepBenchmark.Beside beside = StepBenchmark.measureBeside(learner, () -> batch,
                        warmup, steps, List.of(nchw, channelsLast));
                String framework = nchw.finish().path("framework").asText("pytorch");
                channelsLast.finish();
                return List.of(simclrRow(djlEngine(), shape, beside.java(), flops),
                        simclrRow(framework, shape, beside.twins().get(0), flops),
                        simclrRow(framework + " nhwc", shape, beside.twins().get(1), flops));
            }
        }
    }

    private static Row simclrRow(String engine, int[] shape, StepBenchmark.Result result,
            long flops) {
        return new Row("simclr", engine, shapeText(shape), result.stepSeconds(),
                result.samplesPerSecond(), "images/s", flops);
    }

    private Row languageModel() {
        LmConfig config = LmConfig.defaults();
        Random random = new Random(1);
        int[] ids = random.ints((long) textBatch * sequenceLength, 2, config.vocabularySize())
                .toArray();
        Supplier<Batch> batches = () -> Batch.ofInts(new int[] {textBatch, sequenceLength},
                ids, textBatch); // (N, T)
        try (LmLearner learner = new LmLearner(config)) {
            StepBenchmark.Result result = StepBenchmark.measure(learner, batches, warmup, steps);
            long predicted = (long) textBatch * (sequenceLength - 1);
            return new Row("lm", djlEngine(), textBatch + "x" + sequenceLength,
                    result.stepSeconds(), result.tokensPerSecond(), "tokens/s",
                    config.flopsPerToken() * predicted);
        }
    }

    private Row languageModelTwin(PyTorchTwin twin, int threadCount) throws IOException {
        JsonNode figures = twin.run("lm_step.py", List.of("--batch",
                Integer.toString(textBatch), "--tokens", Integer.toString(sequenceLength),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--threads", Integer.toString(threadCount)));
        long predicted = (long) textBatch * (sequenceLength - 1);
        return new Row("lm", figures.path("engine").asText("pytorch"),
                textBatch + "x" + sequenceLength, figures.path("step_seconds_median").asDouble(),
                figures.path("tokens_per_second").asDouble(), "tokens/s",
                LmConfig.defaults().flopsPerToken() * predicted);
    }

    /** Prints a row with DJL's throughput over its own, unless it is DJL's row. */
    private static void print(Row row, Row djl, Optional<MachinePeak> peak) {
        if (row == null) {
            return;
        }
        double flopsPerSecond = row.flopsPerStep() / row.stepSeconds();
        String utilisation = peak.map(p -> String.format("%.1f%%",
                100 * flopsPerSecond / p.flopsPerSecond())).orElse("-");
        String ratio = row == djl ? "" : String.format("%.2fx", djl.throughput()
                / row.throughput());
        System.out.printf("%-7s %-24s %-12s %8.1f %,9.0f %-8s %8.1f %6s %9s%n", row.model(),
                row.engine(), row.batch(), row.stepSeconds() * 1000, row.throughput(),
                row.unit(), flopsPerSecond / 1e9, utilisation, ratio);
    }

    private static String djlEngine() {
        return "djl pytorch " + Engines.pytorch().getVersion();
    }

    private static String shapeText(int[] shape) {
        StringBuilder text = new StringBuilder();
        for (int dimension : shape) {
            text.append(text.length() == 0 ? "" : "x").append(dimension);
        }
        return text.toString();
    }
}
