package dev.tributary.adapt;

import static dev.tributary.adapt.AdapterRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning jobs on a real, briefly trained SimCLR encoder and Fashion-MNIST, through the
 * HTTP routes of a server that queues at most one job behind the running one.
 */
class FineTuneRoutesTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(40);

    private static FashionMnist test;
    private static SimpleMeterRegistry registry;
    private static ModelHolder<ImageModel> images;
    private static ModelHolder<TextModel> text;
    private static AdapterServer server;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        test = FashionMnist.load(FashionMnist.Split.TEST);
        images = new ModelHolder<>("simclr", c -> ImageModel.load(c, 1 << 20));
        images.install(AdapterKafka.imageCheckpoint(1));
        text = new ModelHolder<>("lm", TextModel::load);
        registry = new SimpleMeterRegistry();
        server = AdapterServer.start(AdapterConfig.defaults().withPort(0).withFineTuneQueue(1),
                text, images, registry);
        client = new ApiClient(server.port(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
        images.close();
        text.close();
    }

    @Test
    void aJobOnFashionMnistSucceedsAboveChanceAndPredicts() throws Exception {
        ApiClient.Answer accepted = client.post("/v1/finetune", Map.of("name", "clothes",
                "model", "simclr", "dataset", "fashion-mnist", "limit", 600, "steps", 40,
                "batch_size", 32, "held_out", 0.2, "seed", 7));

        assertThat(accepted.status()).as("%s", accepted.json()).isEqualTo(202);
        assertThat(accepted.location()).isEqualTo("/v1/finetune/"
                + accepted.json().get("id").asText());
        JsonNode done = awaitState(accepted.location(), "succeeded");
        assertThat(done.get("version").asLong()).isEqualTo(1);
        assertThat(done.get("step").asInt()).isEqualTo(40);
        assertThat(done.get("train_examples").asInt()).isEqualTo(480);
        assertThat(done.get("held_out_examples").asInt()).isEqualTo(120);
        assertThat(done.get("labels")).hasSize(10);
        // Ten classes: chance is 0.1.
        assertThat(done.get("held_out_accuracy").asDouble()).isGreaterThan(0.4);
        assertThat(done.get("frozen_probe_accuracy").asDouble()).isGreaterThan(0.2);
        assertThat(done.get("best_held_out_accuracy").asDouble())
                .isGreaterThanOrEqualTo(done.get("held_out_accuracy").asDouble());
        assertThat(done.get("elapsed_millis").asLong()).isPositive();
        assertThat(registry.get("tributary.adapt.finetune.accuracy")
                .tag("job", done.get("id").asText()).gauge().value())
                .isEqualTo(done.get("held_out_accuracy").asDouble());
        assertThat(registry.get("tributary.adapt.finetune.jobs").tag("state", "succeeded")
                .gauge().value()).isGreaterThanOrEqualTo(1);

        ApiClient.Answer predicted = client.post(accepted.location() + "/predict",
                Map.of("images", List.of(png(0), png(1), png(2))));
        assertThat(predicted.status()).as("%s", predicted.json()).isEqualTo(200);
        assertThat(predicted.json().get("predictions")).hasSize(3);
        for (JsonNode prediction : predicted.json().get("predictions")) {
            double total = 0;
            for (JsonNode p : prediction.get("probabilities")) {
                total += p.asDouble();
            }
            assertThat(total).isCloseTo(1.0, offset(1e-4));
            assertThat(FashionMnist.CLASS_NAMES).contains(prediction.get("label").asText());
        }
    }

    @Test
    void theHeadStartsAsTheFrozenProbeWithTheSameAccuracy() throws Exception {
        String location = client.post("/v1/finetune", Map.of("model", "simclr",
                "dataset", "fashion-mnist", "limit", 400, "steps", 1, "learning_rate", 1e-8,
                "encoder_learning_rate", 0, "held_out", 0.25, "seed", 3)).location();

        JsonNode done = awaitState(location, "succeeded");

        // 100 held out: the folded head may differ from the probe by rounding, not by more.
        assertThat(done.get("held_out_accuracy").asDouble())
                .isCloseTo(done.get("frozen_probe_accuracy").asDouble(), offset(0.011));
    }

    @Test
    void aCancelledJobStopsBeforeItsLastStep() throws Exception {
        String location = client.post("/v1/finetune", longJob()).location();
        awaitState(location, "running");

        ApiClient.Answer cancelled = client.send("DELETE", location);

        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode done = awaitState(location, "cancelled");
        assertThat(done.get("step").asInt()).isLessThan(FineTuneRequest.MAX_STEPS);
        assertProblem(client.post(location + "/predict", Map.of("images", List.of(png(0)))),
                409, "job-not-ready");
    }

    @Test
    void aFullQueueRefusesTheNextJobAndPredictionsWaitForSuccess() throws Exception {
        String running = client.post("/v1/finetune", longJob()).location();
        // Taken off the queue by the job thread, so that the queue holds exactly one more.
        awaitState(running, "running");
        ApiClient.Answer queued = client.post("/v1/finetune", longJob());
        ApiClient.Answer refused = client.post("/v1/finetune", longJob());
        try {
            assertThat(queued.status()).isEqualTo(202);
            assertThat(queued.json().get("state").asText()).isEqualTo("queued");
            assertProblem(refused, 429, "too-many-jobs");
            assertProblem(client.post(queued.location() + "/predict",
                    Map.of("images", List.of(png(0)))), 409, "job-not-ready");
            assertThat(client.get("/v1/finetune").json().get("jobs").findValuesAsText("id"))
                    .contains(queued.json().get("id").asText());
        } finally {
            assertThat(client.send("DELETE", queued.location()).json().get("state").asText())
                    .isEqualTo("cancelled");
            client.send("DELETE", running);
            awaitState(running, "cancelled");
        }
    }

    @Test
    void badRequestsGetSpecificProblems() throws Exception {
        assertProblem(post(Map.of("model", "resnet")), 422, "invalid-field");
        assertProblem(post(Map.of("model", "lm")), 501, "not-fine-tunable");
        assertProblem(post(Map.of("steps", 0)), 422, "invalid-field");
        assertProblem(post(Map.of("steps", 20_000)), 422, "invalid-field");
        assertProblem(post(Map.of("held_out", 0)), 422, "invalid-field");
        assertProblem(post(Map.of("held_out", 1)), 422, "invalid-field");
        assertProblem(post(Map.of("dataset", "cifar")), 422, "invalid-field");
        assertProblem(post(Map.of("dataset", "fortunes")), 501, "not-fine-tunable");
        assertProblem(post(Map.of("dataset", "fashion-mnist", "limit", 12)), 422,
                "too-few-examples");
        assertProblem(post(Map.of("examples", List.of(Map.of("image", png(0), "label", "a")))),
                400, "invalid-source");
        Map<String, Object> noSource = new HashMap<>(Map.of("model", "simclr"));
        assertProblem(client.post("/v1/finetune", noSource), 400, "invalid-source");
        assertProblem(client.get("/v1/finetune/nothing"), 404, "not-found");
    }

    /** A valid body with one field replaced or added. */
    private static ApiClient.Answer post(Map<String, Object> change) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("model", "simclr",
                "dataset", "fashion-mnist", "limit", 200, "steps", 5));
        body.putAll(change);
        return client.post("/v1/finetune", body);
    }

    private static Map<String, Object> longJob() {
        return Map.of("model", "simclr", "dataset", "fashion-mnist", "limit", 300,
                "steps", FineTuneRequest.MAX_STEPS, "batch_size", 8);
    }

    private static JsonNode awaitState(String location, String state) throws Exception {
        List<JsonNode> last = new ArrayList<>(List.of(client.get(location).json()));
        Awaitility.await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(0, client.get(location).json());
                    String now = last.get(0).get("state").asText();
                    assertThat(now).as("job %s", last.get(0)).isNotEqualTo("failed");
                    return now.equals(state);
                });
        return last.get(0);
    }

    private static String png(int i) {
        return Base64.getEncoder().encodeToString(PngEncoder.encodeGray(test.pixels(i), 28, 28));
    }
}
