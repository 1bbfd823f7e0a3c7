package dev.tributary.adapt;

import static dev.tributary.adapt.AdapterRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.DataSetRecords;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.RawRecord;
import dev.tributary.kafka.RecordReplayer;
import dev.tributary.kafka.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linear probes fitted from the Debian data sets and from a labeled raw topic on a real broker,
 * over real, briefly trained checkpoints of both models installed in their holders.
 */
class ProbeSourcesTest {

    private static final int LABELED_IMAGES = 300;
    private static final int UNLABELED = 5;
    private static final int CORRUPT = 3;

    @TempDir
    static Path dataDir;

    private static AdapterKafka kafka;
    private static SimpleMeterRegistry registry;
    private static ModelHolder<ImageModel> images;
    private static ModelHolder<TextModel> text;
    private static AdapterServer server;
    private static ApiClient client;
    private static String imageTopic;

    @BeforeAll
    static void start() throws Exception {
        kafka = AdapterKafka.start(dataDir);
        imageTopic = TopicNames.defaults().imagesRaw();
        produceLabeledImages();
        images = new ModelHolder<>("simclr", c -> ImageModel.load(c, 1 << 20));
        images.install(AdapterKafka.imageCheckpoint(1));
        text = new ModelHolder<>("lm", TextModel::load);
        text.install(AdapterKafka.textCheckpoint(1));
        registry = new SimpleMeterRegistry();
        server = AdapterServer.start(AdapterConfig.defaults().withPort(0), text, images,
                registry, kafka.clientProps());
        client = new ApiClient(server.port(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        images.close();
        text.close();
        kafka.close();
    }

    /** Labeled test images, then images without a label, then labeled values that are no PNG. */
    private static void produceLabeledImages() throws Exception {
        FashionMnist data = FashionMnist.load(FashionMnist.Split.TEST);
        List<RawRecord> records = new ArrayList<>();
        Iterator<RawRecord> images = DataSetRecords.fashionMnist(data).get();
        for (int i = 0; i < LABELED_IMAGES + UNLABELED; i++) {
            RawRecord image = images.next();
            records.add(i < LABELED_IMAGES ? image
                    : new RawRecord(image.key(), image.value(), null));
        }
        for (int i = 0; i < CORRUPT; i++) {
            records.add(new RawRecord("corrupt/" + i,
                    "not an image".getBytes(StandardCharsets.UTF_8), "Bag"));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProps(),
                new StringSerializer(), new ByteArraySerializer())) {
            long sent = RecordReplayer.replay(producer, records::iterator,
                    new RecordReplayer.Options(imageTopic, 0, 0, false), (n, nanos) -> { });
            assertThat(sent).isEqualTo(records.size());
        }
    }

    @Test
    void aProbeFitsFromFashionMnistTrainingImages() throws Exception {
        ApiClient.Answer answer = client.post("/v1/probes/fmnist/fit",
                Map.of("dataset", "fashion-mnist", "limit", 500, "held_out", 0.2));

        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        JsonNode fit = answer.json();
        assertThat(fit.get("labels")).hasSize(10);
        assertThat(fit.get("train_examples").asInt()).isEqualTo(400);
        assertThat(fit.get("held_out_examples").asInt()).isEqualTo(100);
        // Ten classes: chance is 0.1.
        assertThat(fit.get("held_out_accuracy").asDouble()).isGreaterThan(0.4);
        assertThat(fit.get("source").get("source").asText()).isEqualTo("fashion-mnist");
        assertThat(fit.get("source").get("read").asInt()).isEqualTo(500);
        assertThat(registry.get("tributary.adapt.probe.accuracy").tag("probe", "fmnist").gauge()
                .value()).isEqualTo(fit.get("held_out_accuracy").asDouble());
    }

    @Test
    void aProbeFitsFromALabeledTopicAndCountsWhatItLeftOut() throws Exception {
        ApiClient.Answer answer = client.post("/v1/probes/stream/fit",
                Map.of("topic", imageTopic, "limit", 1000, "timeout", "20s"));

        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        JsonNode fit = answer.json();
        JsonNode source = fit.get("source");
        assertThat(source.get("read").asInt()).isEqualTo(LABELED_IMAGES + UNLABELED + CORRUPT);
        assertThat(source.get("unlabeled").asInt()).isEqualTo(UNLABELED);
        assertThat(source.get("undecodable").asInt()).isEqualTo(CORRUPT);
        assertThat(source.get("rejected").get("UNSUPPORTED_FORMAT").asInt()).isEqualTo(CORRUPT);
        assertThat(source.get("timed_out").asBoolean()).isFalse();
        assertThat(fit.get("input").asText()).isEqualTo("image");
        assertThat(fit.get("train_examples").asInt() + fit.get("held_out_examples").asInt())
                .isEqualTo(LABELED_IMAGES);
        assertThat(fit.get("held_out_accuracy").asDouble()).isGreaterThan(0.3);
    }

    @Test
    void aTopicReadStopsAtItsLimit() throws Exception {
        ApiClient.Answer answer = client.post("/v1/probes/few/fit",
                Map.of("topic", imageTopic, "limit", 100));

        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        assertThat(answer.json().get("source").get("read").asInt()).isEqualTo(100);
    }

    @Test
    void aTextProbeFitsFromBalancedFortuneCategories() throws Exception {
        ApiClient.Answer answer = client.post("/v1/probes/quotes/fit",
                Map.of("dataset", "fortunes", "limit", 200, "held_out", 0.25));

        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        JsonNode fit = answer.json();
        assertThat(fit.get("input").asText()).isEqualTo("text");
        assertThat(fit.get("labels")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(BuiltInDataSets.DEFAULT_CATEGORIES);
        assertThat(fit.get("source").get("read").asInt()).isEqualTo(200);
        assertThat(fit.get("held_out_examples").asInt()).isEqualTo(50);
        assertThat(fit.get("train_accuracy").asDouble()).isGreaterThan(0.25);
    }

    @Test
    void aFitNamesExactlyOneSource() throws Exception {
        assertProblem(client.post("/v1/probes/two/fit",
                Map.of("dataset", "fashion-mnist", "topic", imageTopic)), 400, "invalid-source");
        assertProblem(client.post("/v1/probes/none/fit", Map.of("held_out", 0.2)), 400,
                "invalid-source");
    }

    @Test
    void unknownDataSetsTopicsAndCategoriesAreRefused() throws Exception {
        assertProblem(client.post("/v1/probes/x/fit", Map.of("dataset", "mnist")), 422,
                "invalid-field");
        assertProblem(client.post("/v1/probes/x/fit",
                Map.of("topic", "no.such.topic", "timeout", "5s")), 422, "invalid-field");
        assertProblem(client.post("/v1/probes/x/fit", Map.of("dataset", "fortunes",
                "categories", List.of("computers", "nonsense"))), 422, "invalid-field");
        assertProblem(client.post("/v1/probes/x/fit",
                Map.of("topic", imageTopic, "timeout", "soon")), 422, "invalid-field");
    }
}
