package dev.tributary.adapt;

import static dev.tributary.adapt.AdapterRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.data.Batch;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import dev.tributary.model.SimClrLearner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Linear probes over the embeddings of a real, briefly trained SimCLR encoder, fitted from
 * uploaded Fashion-MNIST images of three classes: trouser, sneaker and bag.
 */
class ProbeRoutesTest {

    private static final int[] CLASSES = {1, 7, 8};
    private static final int PER_CLASS = 80;

    private static FashionMnist data;
    private static Checkpoint first;
    private static Checkpoint second;
    private static ModelHolder<ImageModel> images;
    private static ModelHolder<TextModel> text;
    private static AdapterServer server;
    private static ApiClient client;
    private static JsonNode fitted;

    @BeforeAll
    static void start() throws Exception {
        data = FashionMnist.load(FashionMnist.Split.TEST);
        try (SimClrLearner learner = new SimClrLearner(AdapterKafka.smallImageConfig())) {
            first = stepAndCheckpoint(learner, 1);
            second = stepAndCheckpoint(learner, 2);
        }
        images = imageHolder(first);
        text = new ModelHolder<>("lm", TextModel::load);
        server = AdapterServer.start(AdapterConfig.defaults().withPort(0), text, images,
                new SimpleMeterRegistry());
        client = new ApiClient(server.port(), null);
        ApiClient.Answer answer = client.post("/v1/probes/clothes/fit",
                Map.of("examples", examples(0, PER_CLASS), "held_out", 0.25, "seed", 5));
        assertThat(answer.status()).as("fit: %s", answer.json()).isEqualTo(200);
        fitted = answer.json();
    }

    @AfterAll
    static void stop() {
        server.close();
        images.close();
        text.close();
    }

    @Test
    void aFittedProbeClassifiesHeldOutImagesFarAboveChance() {
        assertThat(fitted.get("held_out_examples").asInt()).isEqualTo(60);
        assertThat(fitted.get("train_examples").asInt()).isEqualTo(180);
        assertThat(fitted.get("held_out_accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(fitted.get("version").asLong()).isEqualTo(1);
        assertThat(fitted.get("labels")).hasSize(3);
    }

    @Test
    void predictionsOfUnseenImagesMostlyNameTheirClass() throws Exception {
        int right = 0;
        List<Map<String, String>> unseen = examples(PER_CLASS, 10);
        for (Map<String, String> example : unseen) {
            ApiClient.Answer answer = client.post("/v1/probes/clothes/predict",
                    Map.of("image", example.get("image")));
            assertThat(answer.status()).isEqualTo(200);
            double total = 0;
            for (JsonNode p : answer.json().get("probabilities")) {
                total += p.asDouble();
            }
            assertThat(total).isCloseTo(1.0, offset(1e-9));
            right += answer.json().get("label").asText().equals(example.get("label")) ? 1 : 0;
        }
        assertThat(right).isGreaterThan(unseen.size() * 7 / 10);
    }

    @Test
    void aProbeDescribesItself() throws Exception {
        ApiClient.Answer answer = client.get("/v1/probes/clothes");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("input").asText()).isEqualTo("image");
        assertThat(answer.json().get("held_out_accuracy"))
                .isEqualTo(fitted.get("held_out_accuracy"));
    }

    @Test
    void anUnknownProbeIsNotFound() throws Exception {
        assertProblem(client.get("/v1/probes/nothing"), 404, "not-found");
        assertProblem(client.post("/v1/probes/nothing/predict", Map.of("text", "x")), 404,
                "not-found");
    }

    @Test
    void fitsThatCannotWorkAreRefused() throws Exception {
        List<Map<String, String>> oneLabel = examples(0, 3).subList(0, 3);
        ApiClient.Answer single = client.post("/v1/probes/one/fit",
                Map.of("examples", oneLabel));
        ApiClient.Answer badName = client.post("/v1/probes/bad%20name/fit",
                Map.of("examples", examples(0, 2)));
        ApiClient.Answer wrongKind = client.post("/v1/probes/clothes/predict",
                Map.of("text", "a bag"));

        assertProblem(single, 422, "invalid-field");
        assertProblem(badName, 422, "invalid-field");
        assertProblem(wrongKind, 422, "invalid-field");
    }

    @Test
    void afterASwapTheProbeRefusesToPredictUntilFittedAgain() throws Exception {
        try (ModelHolder<ImageModel> swapped = imageHolder(first);
                AdapterServer other = AdapterServer.start(AdapterConfig.defaults().withPort(0),
                        text, swapped, new SimpleMeterRegistry())) {
            ApiClient otherClient = new ApiClient(other.port(), null);
            assertThat(otherClient.post("/v1/probes/p/fit",
                    Map.of("examples", examples(0, 10))).status()).isEqualTo(200);

            swapped.install(second);

            Map<String, String> query = Map.of("image", examples(PER_CLASS, 1).get(0).get("image"));
            assertProblem(otherClient.post("/v1/probes/p/predict", query), 409, "probe-stale");
            assertThat(otherClient.post("/v1/probes/p/fit",
                    Map.of("examples", examples(0, 10))).status()).isEqualTo(200);
            assertThat(otherClient.post("/v1/probes/p/predict", query).json()
                    .get("version").asLong()).isEqualTo(2);
        }
    }

    private static ModelHolder<ImageModel> imageHolder(Checkpoint checkpoint) {
        ModelHolder<ImageModel> holder = new ModelHolder<>("simclr",
                c -> ImageModel.load(c, 1 << 20));
        holder.install(checkpoint);
        return holder;
    }

    /** {@code perClass} images of each class, skipping the first {@code skip} of each. */
    private static List<Map<String, String>> examples(int skip, int perClass) {
        List<Map<String, String>> examples = new ArrayList<>();
        for (int label : CLASSES) {
            int seen = 0;
            for (int i = 0; i < data.count() && seen < skip + perClass; i++) {
                if (data.label(i) == label && seen++ >= skip) {
                    examples.add(Map.of("label", data.labelName(i), "image", Base64.getEncoder()
                            .encodeToString(PngEncoder.encodeGray(data.pixels(i), 28, 28))));
                }
            }
        }
        return examples;
    }

    private static Checkpoint stepAndCheckpoint(SimClrLearner learner, long version) {
        float[] pixels = new float[16 * 28 * 28];
        for (int i = 0; i < 16; i++) {
            byte[] image = data.pixels(100 + 16 * (int) version + i);
            for (int p = 0; p < image.length; p++) {
                pixels[i * image.length + p] = (image[p] & 0xff) / 255f;
            }
        }
        Batch batch = Batch.ofFloats(new int[] {16, 1, 28, 28}, pixels, 16); // (N, C, H, W)
        learner.step(learner.prepare(batch));
        return Checkpoint.builder("simclr", version).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10)).build(learner.weights());
    }
}
