package dev.tributary.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route's happy path and every refusal, against a service following a real broker that
 * holds one real checkpoint of each model, with a bearer token required.
 */
class AdapterRoutesTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dataDir;

    private static AdapterKafka kafka;
    private static PrometheusMeterRegistry registry;
    private static AdapterService service;
    private static ApiClient client;
    private static String image;

    @BeforeAll
    static void start() throws Exception {
        kafka = AdapterKafka.start(dataDir);
        kafka.publishImages(1);
        kafka.publishText(1);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdapterConfig config = AdapterConfig.defaults().withPort(0).withToken(TOKEN)
                .withMaxBodyBytes(64 * 1024);
        service = AdapterService.start(config, kafka.clientProps(), kafka.topic(), registry);
        client = new ApiClient(service.port(), TOKEN);
        Awaitility.await().atMost(AdapterKafka.TIMEOUT).until(
                () -> service.text().version() == 1 && service.images().version() == 1);
        FashionMnist data = FashionMnist.load(FashionMnist.Split.TEST);
        image = Base64.getEncoder().encodeToString(PngEncoder.encodeGray(data.pixels(0), 28, 28));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void healthIsReadyWithTheLoadedVersionsAndNeedsNoToken() throws Exception {
        ApiClient anonymous = new ApiClient(service.port(), null);

        ApiClient.Answer answer = anonymous.get("/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ready");
        assertThat(answer.json().at("/versions/lm").asLong()).isEqualTo(1);
    }

    @Test
    void modelsListsEachVersionWithItsManifestMetrics() throws Exception {
        ApiClient.Answer answer = client.get("/v1/models");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode models = answer.json().get("models");
        assertThat(models).hasSize(2);
        assertThat(models.findValuesAsText("model")).containsExactlyInAnyOrder("lm", "simclr");
        assertThat(models.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(models.get(0).at("/metrics/loss").asDouble()).isEqualTo(1.0);
    }

    @Test
    void embedsTextWithTheLanguageModel() throws Exception {
        ApiClient.Answer answer = client.post("/v1/embed", Map.of("text", "A penny saved."));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("vector")).hasSize(32);
        assertThat(answer.json().get("model").asText()).isEqualTo("lm");
        assertThat(answer.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void embedsAnImageWithTheEncoderAsTheEmbedderDoes() throws Exception {
        ApiClient.Answer answer = client.post("/v1/embed", Map.of("image", image));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("vector")).hasSize(32);
        assertThat(answer.json().get("model").asText()).isEqualTo("simclr");
        float[] expected;
        try (ModelLease<ImageModel> lease = service.images().lease().orElseThrow()) {
            FashionMnist data = FashionMnist.load(FashionMnist.Split.TEST);
            expected = lease.model().embed(data.pixels(0));
        }
        assertThat((float) answer.json().get("vector").get(5).asDouble()).isEqualTo(expected[5]);
    }

    @Test
    void generationWithTheSameSeedGivesTheSameText() throws Exception {
        Map<String, Object> request = Map.of("prompt", "The meaning of life", "max_tokens", 12,
                "temperature", 0.9, "top_k", 40, "seed", 7);

        ApiClient.Answer first = client.post("/v1/generate", request);
        ApiClient.Answer second = client.post("/v1/generate", request);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("tokens").size()).isBetween(1, 12);
        assertThat(first.json().get("text").asText()).isNotEmpty();
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(first.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void classifyScoresEveryLabelAndChoosesTheLikeliest() throws Exception {
        Map<String, Object> request = Map.of("examples", List.of(
                Map.of("text", "The stock market fell today.", "label", "money"),
                Map.of("text", "She scored twice in the final.", "label", "sport")),
                "query", "Interest rates rose again.", "labels", List.of("money", "sport"));

        ApiClient.Answer answer = client.post("/v1/classify", request);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode scores = answer.json().get("scores");
        double money = scores.get("money").asDouble();
        double sport = scores.get("sport").asDouble();
        assertThat(money).isNegative();
        assertThat(sport).isNegative();
        assertThat(answer.json().get("choice").asText()).isEqualTo(money >= sport
                ? "money" : "sport");
        assertThat(answer.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void requestsWithoutTheRightTokenAreRefused() throws Exception {
        ApiClient.Answer none = new ApiClient(service.port(), null)
                .post("/v1/embed", Map.of("text", "hello"));
        ApiClient.Answer wrong = new ApiClient(service.port(), "guess")
                .post("/v1/embed", Map.of("text", "hello"));

        assertProblem(none, 401, "unauthorized");
        assertProblem(wrong, 401, "unauthorized");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        assertProblem(client.post("/v1/embed", "{\"text\": "), 400, "malformed-json");
        assertProblem(client.post("/v1/embed", "[1, 2]"), 400, "malformed-json");
        assertProblem(client.post("/v1/embed", ""), 400, "malformed-json");
    }

    @Test
    void missingOrMistypedFieldsAreNamed() throws Exception {
        ApiClient.Answer missing = client.post("/v1/generate", Map.of("max_tokens", 3));
        ApiClient.Answer mistyped = client.post("/v1/generate",
                Map.of("prompt", "hi", "max_tokens", "many"));
        ApiClient.Answer neither = client.post("/v1/embed", Map.of("vector", 1));
        ApiClient.Answer noExamples = client.post("/v1/classify",
                Map.of("examples", List.of(), "query", "q"));

        assertProblem(missing, 422, "invalid-field");
        assertThat(missing.json().get("detail").asText()).contains("'prompt'");
        assertProblem(mistyped, 422, "invalid-field");
        assertThat(mistyped.json().get("detail").asText()).contains("'max_tokens'");
        assertProblem(neither, 422, "invalid-field");
        assertProblem(noExamples, 422, "invalid-field");
    }

    @Test
    void anEmptyPromptAndTooManyTokensAreRefused() throws Exception {
        assertProblem(client.post("/v1/generate", Map.of("prompt", "  ")), 422, "invalid-text");
        assertProblem(client.post("/v1/generate", Map.of("prompt", "hi", "max_tokens", 100_000)),
                422, "too-many-tokens");
    }

    @Test
    void undecodableOrOversizedImagesAreRefused() throws Exception {
        String notPng = Base64.getEncoder().encodeToString("not an image".getBytes());
        byte[] truncated = Base64.getDecoder().decode(image);
        String cut = Base64.getEncoder().encodeToString(
                Arrays.copyOf(truncated, truncated.length / 2));

        assertProblem(client.post("/v1/embed", Map.of("image", "%%%")), 422, "invalid-image");
        assertProblem(client.post("/v1/embed", Map.of("image", notPng)), 422, "invalid-image");
        assertProblem(client.post("/v1/embed", Map.of("image", cut)), 422, "invalid-image");
        assertProblem(client.post("/v1/embed", Map.of("image", "A".repeat(80_000))), 413,
                "body-too-large");
    }

    @Test
    void anImageDeclaringTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
        // 5,000 x 5,000 black pixels deflate to a few kilobytes but exceed the pixel limit.
        String huge = Base64.getEncoder().encodeToString(
                PngEncoder.encodeGray(new byte[5000 * 5000], 5000, 5000));

        ApiClient.Answer answer = client.post("/v1/embed", Map.of("image", huge));

        assertProblem(answer, 422, "invalid-image");
        assertThat(answer.json().get("detail").asText()).contains("IMAGE_TOO_LARGE");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreProblems() throws Exception {
        assertProblem(client.get("/v1/nothing"), 404, "not-found");
        assertProblem(client.get("/v1/embed"), 405, "method-not-allowed");
        assertProblem(client.send("DELETE", "/v1/models"), 405, "method-not-allowed");
    }

    @Test
    void everyRequestIsCountedByRouteAndStatus() throws Exception {
        client.post("/v1/embed", Map.of("text", "counted"));
        client.get("/v1/nothing/here");

        assertThat(registry.get("tributary.adapt.requests").tag("route", "/v1/embed")
                .tag("status", "200").counter().count()).isPositive();
        assertThat(registry.get("tributary.adapt.requests").tag("route", "unmatched")
                .tag("status", "404").counter().count()).isPositive();
        assertThat(registry.get("tributary.adapt.request.time").tag("route", "/v1/embed")
                .timer().count()).isPositive();
        assertThat(registry.get("tributary.adapt.model.version").tag("model", "simclr")
                .gauge().value()).isEqualTo(1.0);
    }

    @Test
    void metricsAreScrapedInPrometheusFormatWithTheToken() throws Exception {
        client.post("/v1/embed", Map.of("text", "scraped"));
        HttpRequest scrape = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(scrape,
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain");
        assertThat(response.body())
                .contains("tributary_adapt_requests_total{route=\"/v1/embed\",status=\"200\"}")
                .contains("tributary_adapt_request_time_seconds_count{route=\"/v1/embed\"}")
                .contains("tributary_adapt_model_version{model=\"lm\"} 1.0");
        assertProblem(new ApiClient(service.port(), null).get("/metrics"), 401, "unauthorized");
    }

    @Test
    void withoutALoadedModelHealthAndModelRoutesAnswer503() throws Exception {
        ModelHolder<TextModel> text = new ModelHolder<>("lm", TextModel::load);
        ModelHolder<ImageModel> images = new ModelHolder<>("simclr",
                checkpoint -> ImageModel.load(checkpoint, 1 << 20));
        try (AdapterServer empty = AdapterServer.start(AdapterConfig.defaults().withPort(0),
                text, images, new SimpleMeterRegistry())) {
            ApiClient emptyClient = new ApiClient(empty.port(), null);

            assertThat(emptyClient.get("/health").status()).isEqualTo(503);
            assertProblem(emptyClient.post("/v1/embed", Map.of("text", "hi")), 503,
                    "model-unavailable");
            assertProblem(emptyClient.post("/v1/generate", Map.of("prompt", "hi")), 503,
                    "model-unavailable");
        }
    }

    static void assertProblem(ApiClient.Answer answer, int status, String type) {
        assertThat(answer.status()).as("status of %s", answer.json()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:tributary:problem:" + type);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("title").asText()).isNotBlank();
        assertThat(answer.json().get("detail").asText()).isNotBlank().doesNotContain("at dev.");
    }
}
