package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tributary.data.Batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that {@code bench/lm_step.py} is the same network and optimiser as {@link LmLearner},
 * so its throughput is a fair comparison and checkpoints load into it by name. Runs where
 * Debian's python3-torch is installed and is skipped elsewhere.
 */
class LmPyTorchTwinTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CHECK = Path.of("bench", "lm_twin_check.py");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int STEPS = 3;
    static final int[] PROBE = {5, 6, 7, 8};

    @TempDir
    Path directory;

    @Test
    void javaAndThePyTorchTwinComputeTheSameLossesGradientsAndLogits() throws Exception {
        assumeTrue(pyTorchInstalled(), "python3-torch is not installed");
        LmConfig config = LmConfig.defaults().withVocabularySize(300).withShape(16, 2, 32, 4)
                .withSchedule(new LearningRateSchedule(1e-2f, 2, 10, 1e-3f));
        int[][] tokens = tokens(new Random(3), 4, 17);
        tokens[3][12] = tokens[3][13] = tokens[3][14] = tokens[3][15] = tokens[3][16] =
                config.paddingId();

        List<StepResult> steps = new ArrayList<>();
        float[] logits;
        try (LmLearner learner = new LmLearner(config)) {
            writeTwinInput(config, learner.weights(), tokens);
            LmLearner.Tokens batch = learner.prepare(Batch.ofInts(new int[] {4, 17},
                    flatten(tokens), 4));
            for (int step = 0; step < STEPS; step++) {
                steps.add(learner.step(batch));
            }
            try (LanguageModel model = new LanguageModel(learner.description(),
                    learner.weights())) {
                logits = model.nextTokenLogits(PROBE);
            }
        }
        JsonNode twin = runTwin();

        for (int step = 0; step < STEPS; step++) {
            assertThat(twin.get("losses").get(step).asDouble()).as("loss of step %d", step)
                    .isCloseTo(steps.get(step).loss(), within(1e-5));
            assertThat(twin.get("gradient_norms").get(step).asDouble()).as("norm %d", step)
                    .isCloseTo(steps.get(step).gradientNorm(), within(2e-5));
        }
        for (int id = 0; id < logits.length; id++) {
            // Adam moves every weight by about the rate whatever its gradient's size, so the
            // last bits of rounding, which differ between the two engines, grow a little.
            assertThat(twin.get("probe_logits").get(id).asDouble()).as("logit %d", id)
                    .isCloseTo(logits[id], within(1e-4));
        }
    }

    private void writeTwinInput(LmConfig config, List<NamedTensor> weights, int[][] tokens)
            throws IOException {
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (NamedTensor tensor : weights) {
            String file = tensor.name() + ".f32";
            ByteBuffer bytes = ByteBuffer.allocate(4 * tensor.values().length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(tensor.values());
            Files.write(directory.resolve(file), bytes.array());
            tensors.add(Map.of("name", tensor.name(), "shape", tensor.shape(), "file", file));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("config", config.description().hyperParameters());
        spec.put("tokens", tokens);
        spec.put("steps", STEPS);
        spec.put("probe", PROBE);
        spec.put("tensors", tensors);
        JSON.writeValue(directory.resolve("twin.json").toFile(), spec);
    }

    private JsonNode runTwin() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), CHECK.toString(),
                directory.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of %s", CHECK).isZero();
        return JSON.readTree(output);
    }

    private static boolean pyTorchInstalled() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.exists(CHECK)) {
            return false;
        }
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy, torch")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    private static int[][] tokens(Random random, int rows, int columns) {
        int[][] tokens = new int[rows][columns];
        for (int[] row : tokens) {
            for (int i = 0; i < columns; i++) {
                row[i] = 2 + random.nextInt(298);
            }
        }
        return tokens;
    }

    private static int[] flatten(int[][] rows) {
        int[] flat = new int[rows.length * rows[0].length];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, flat, row * rows[row].length, rows[row].length);
        }
        return flat;
    }
}
