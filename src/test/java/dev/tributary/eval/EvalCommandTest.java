package dev.tributary.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.LocalCheckpointStore;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.cli.Main;
import dev.tributary.data.Batch;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.TextTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tributary eval} runs end to end on small checkpoints trained a few steps on real data
 * and reports every figure, finite, in its table and its JSON.
 */
class EvalCommandTest {

    private static final int VOCABULARY = 300;
    private static final LmConfig LM = LmConfig.defaults().withVocabularySize(VOCABULARY)
            .withShape(16, 1, 32, 2); // context 16, one block, width 32, two heads

    @TempDir
    static Path directory;

    private static JsonNode report;
    private static String table;

    @BeforeAll
    static void evaluateSmallCheckpoints() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(directory.resolve("checkpoints"));
        store.save(trainedImageModel());
        store.save(trainedLanguageModel());
        Path json = directory.resolve("eval.json");

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new Main()).execute("eval", "--checkpoint-dir",
                    directory.resolve("checkpoints").toString(), "--train-images", "600",
                    "--test-images", "200", "--text-bytes", "3000",
                    "--train-text-bytes", "300000", "--json", json.toString());
        } finally {
            System.setOut(stdout);
        }
        table = printed.toString(StandardCharsets.UTF_8);
        System.out.print(table);
        assertThat(exitCode).isZero();
        report = new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void imageBlockHasBothProbesTheRandomEncoderAndNearestNeighbours() {
        JsonNode images = report.path("images");
        for (String figure : List.of("probe_checkpoint", "probe_raw_pixels",
                "probe_random_encoder", "knn_checkpoint")) {
            assertThat(images.path(figure).isNumber()).as(figure).isTrue();
            assertThat(images.path(figure).asDouble()).as(figure).isBetween(0.0, 1.0);
        }
        assertThat(images.path("train_images").asInt()).isEqualTo(600);
        assertThat(images.path("test_images").asInt()).isEqualTo(200);
        assertThat(report.path("image_checkpoint").path("model").asText()).isEqualTo("simclr");
    }

    @Test
    void textBlockHasTheModelsBitsPerByteAndEveryInstalledCompressor() {
        JsonNode text = report.path("text");
        assertThat(text.path("bits_per_byte").asDouble()).isPositive();
        assertThat(text.path("bytes").asLong()).isGreaterThanOrEqualTo(3000);
        long installed = Arrays.stream(Compressor.values())
                .filter(c -> c.find().isPresent()).count();
        assertThat(text.path("compressors")).hasSize((int) installed);
        for (JsonNode compressor : text.path("compressors")) {
            assertThat(compressor.path("bits_per_byte").asDouble()).isPositive();
            assertThat(compressor.path("conditioned_bits_per_byte").isNumber()).isTrue();
        }
    }

    @Test
    void inContextBlockHasInductionLossesAndEveryShotCount() {
        JsonNode inContext = report.path("in_context");
        assertThat(inContext.path("first_copy_loss").asDouble()).isPositive();
        assertThat(inContext.path("second_copy_loss").asDouble()).isPositive();
        assertThat(inContext.path("categories")).hasSize(4);
        assertThat(inContext.path("queries").asInt()).isEqualTo(50);
        assertThat(inContext.path("few_shot").findValues("shots").stream()
                .map(JsonNode::asInt)).containsExactly(0, 2, 8);
        assertThat(inContext.path("chance").asDouble()).isEqualTo(0.25);
    }

    @Test
    void everyFigureInTheJsonIsFinite() {
        List<JsonNode> numbers = new ArrayList<>();
        collectNumbers(report, numbers);
        assertThat(numbers).hasSizeGreaterThan(20);
        assertThat(numbers).allSatisfy(n -> assertThat(Double.isFinite(n.asDouble())).isTrue());
        assertThat(report.toString()).doesNotContain("NaN", "Infinity");
    }

    @Test
    void tablePrintsEveryBlock() {
        assertThat(table).contains("linear probe, raw pixels", "language model",
                "loss on the second copy", "8-shot");
    }

    private static void collectNumbers(JsonNode node, List<JsonNode> numbers) {
        if (node.isNumber()) {
            numbers.add(node);
        }
        node.elements().forEachRemaining(child -> collectNumbers(child, numbers));
    }

    private static Checkpoint trainedImageModel() throws IOException {
        FashionMnist fashion = FashionMnist.load(FashionMnist.Split.TRAIN);
        int count = 16;
        float[] pixels = new float[count * 28 * 28]; // (N, C, H, W)
        for (int i = 0; i < count; i++) {
            byte[] image = fashion.pixels(i);
            for (int j = 0; j < image.length; j++) {
                pixels[i * image.length + j] = (image[j] & 0xFF) / 255f;
            }
        }
        try (SimClrLearner learner = new SimClrLearner(SimClrConfig.defaults())) {
            steps(learner, Batch.ofFloats(new int[] {count, 1, 28, 28}, pixels, count));
            return checkpoint(learner, "simclr", null);
        }
    }

    private static Checkpoint trainedLanguageModel() throws IOException {
        List<String> fortunes = FortuneReader.readDefault().stream().map(Fortune::text)
                .limit(1_500).toList();
        String json = new BpeTrainer(BpeTrainerConfig.withVocabSize(VOCABULARY))
                .train(fortunes).toTokenizerJson();
        int rows = 4;
        int[] tokens = new int[rows * (LM.contextLength() + 1)]; // (N, T+1)
        try (TextTokenizer tokenizer = TextTokenizer.fromJson(json)) {
            int filled = 0;
            for (int f = 0; filled < tokens.length; f++) {
                for (int id : tokenizer.encode(fortunes.get(f))) {
                    if (filled < tokens.length) {
                        tokens[filled++] = id;
                    }
                }
            }
        }
        try (LmLearner learner = new LmLearner(LM)) {
            steps(learner, Batch.ofInts(new int[] {rows, LM.contextLength() + 1}, tokens, rows));
            return checkpoint(learner, "lm", json);
        }
    }

    private static <P> void steps(Learner<P> learner, Batch batch) {
        for (int i = 0; i < 3; i++) {
            assertThat(learner.step(learner.prepare(batch)).skipped()).isFalse();
        }
    }

    private static Checkpoint checkpoint(Learner<?> learner, String model, String tokenizer) {
        return Checkpoint.builder(model, 1).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10)).inputOffsets(Map.of())
                .tokenizerJson(tokenizer).build(learner.weights());
    }
}
