package dev.tributary.embed;

import static dev.tributary.embed.EmbedOutcomes.assertEachOnce;
import static dev.tributary.embed.EmbedOutcomes.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointRecords;
import dev.tributary.data.RawRecord;
import dev.tributary.data.TextValidator;
import dev.tributary.kafka.TopicNames;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embed service against a real broker with real, briefly trained models: every raw record
 * comes out once, as an embedding of the checkpoint serving at the time or as a dead letter.
 */
class EmbedServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final float TOLERANCE = 1e-4f;

    @TempDir
    static Path home;

    private static EmbedKafka kafka;
    private static TrainedCheckpoints trained;
    private static RawInputs raw;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbedKafka(home.resolve("kafka"));
        trained = TrainedCheckpoints.train();
        raw = new RawInputs(trained);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void everyRecordIsEmbeddedOrDeadLetteredOnceAcrossAModelSwap() throws Exception {
        TopicNames topics = kafka.topics("swap.");
        kafka.publish(topics, trained.images.get(0));
        kafka.publish(topics, trained.text.get(0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RawRecord> imagesBefore = raw.mixed(raw.images("before-", 0, 90),
                raw.badImages("bad1-"));
        List<RawRecord> textBefore = raw.mixed(raw.texts("before-", 0, 90),
                raw.badTexts("bad1-"));
        List<RawRecord> imagesAfter = raw.mixed(raw.images("after-", 90, 90),
                raw.badImages("bad2-"));
        List<RawRecord> textAfter = raw.mixed(raw.texts("after-", 90, 90),
                raw.badTexts("bad2-"));
        try (EmbedService images = service(Modality.IMAGES, topics, registry);
                EmbedService text = service(Modality.TEXT, topics, registry)) {
            images.start();
            text.start();
            kafka.produce(topics.imagesRaw(), imagesBefore);
            kafka.produce(topics.textRaw(), textBefore);
            awaitAccounted(images, imagesBefore.size());
            awaitAccounted(text, textBefore.size());

            kafka.publish(topics, trained.images.get(1));
            kafka.publish(topics, trained.text.get(1));
            await().atMost(WAIT).until(() -> images.metrics().modelVersion() == 2
                    && text.metrics().modelVersion() == 2);
            kafka.produce(topics.imagesRaw(), imagesAfter);
            kafka.produce(topics.textRaw(), textAfter);
            awaitAccounted(images, imagesBefore.size() + imagesAfter.size());
            awaitAccounted(text, textBefore.size() + textAfter.size());
        }

        var outputs = kafka.readCommitted(topics.imagesEmbeddings(), topics.textEmbeddings(),
                topics.dlq());
        Map<String, ConsumerRecord<byte[], byte[]>> imageVectors = assertEachOnce(topics,
                outputs, topics.imagesRaw(), topics.imagesEmbeddings(), imagesBefore, imagesAfter);
        Map<String, ConsumerRecord<byte[], byte[]>> textVectors = assertEachOnce(topics,
                outputs, topics.textRaw(), topics.textEmbeddings(), textBefore, textAfter);
        assertVersions(imageVectors, "simclr");
        assertVersions(textVectors, "lm");
        assertImageVectorsMatchTheEmbedder(imageVectors);
        assertTextVectorsMatchTheLanguageModel(textVectors);
    }

    @Test
    void corruptCheckpointIsRefusedAndTheServingModelKeepsEmbeddingUntilAGoodOne()
            throws Exception {
        TopicNames topics = kafka.topics("corrupt.");
        kafka.publish(topics, trained.images.get(0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RawRecord> inputs = raw.images("img-", 0, 60);
        try (EmbedService images = service(Modality.IMAGES, topics, registry)) {
            images.start();
            kafka.produce(topics.imagesRaw(), inputs.subList(0, 30));
            awaitAccounted(images, 30);

            List<ProducerRecord<String, byte[]>> forged = new ArrayList<>(
                    CheckpointRecords.of(topics.checkpoints(), trained.images.get(1)));
            assertThat(forged).as("chunks and a manifest").hasSizeGreaterThan(2);
            forged.get(1).value()[100] ^= 0x40;
            kafka.commit(forged);
            await().atMost(WAIT).until(() -> rejectedCheckpoints(registry) >= 1);
            kafka.produce(topics.imagesRaw(), inputs.subList(30, 60));
            awaitAccounted(images, 60);

            assertThat(images.metrics().modelVersion()).isEqualTo(1);

            kafka.publish(topics, renumbered(trained.images.get(1), 3));
            await().atMost(WAIT).until(() -> images.metrics().modelVersion() == 3);
        }
        Map<String, ConsumerRecord<byte[], byte[]>> vectors = assertEachOnce(topics,
                kafka.readCommitted(topics.imagesEmbeddings(), topics.dlq()),
                topics.imagesRaw(), topics.imagesEmbeddings(), inputs, List.of());
        assertThat(vectors.values())
                .extracting(r -> header(r, EmbeddingRecords.CHECKPOINT_VERSION))
                .containsOnly("1");
    }

    @Test
    void twoInstancesInOneGroupSplitThePartitionsAndTogetherEmbedEveryRecord() {
        TopicNames topics = kafka.topics("split.");
        List<RawRecord> inputs = raw.mixed(raw.images("img-", 0, 150), raw.badImages("bad-"));
        try (EmbedService first = service(Modality.IMAGES, topics, new SimpleMeterRegistry());
                EmbedService second = service(Modality.IMAGES, topics,
                        new SimpleMeterRegistry())) {
            first.start();
            second.start();
            publishQuietly(topics, trained.images.get(0));
            await().atMost(WAIT).until(() -> !first.assignment().isEmpty()
                    && !second.assignment().isEmpty()
                    && first.assignment().size() + second.assignment().size() == 3);
            Set<TopicPartition> both = new HashSet<>(first.assignment());
            both.retainAll(second.assignment());
            assertThat(both).as("partitions held by both").isEmpty();

            kafka.produce(topics.imagesRaw(), inputs);
            await().atMost(WAIT).until(() -> accounted(first) + accounted(second)
                    == inputs.size());

            assertThat(accounted(first)).isPositive();
            assertThat(accounted(second)).isPositive();
        }
        assertEachOnce(topics, kafka.readCommitted(topics.imagesEmbeddings(), topics.dlq()),
                topics.imagesRaw(), topics.imagesEmbeddings(), inputs, List.of());
    }

    @Test
    void partitionsOfAStoppedInstanceAreTakenOverWithoutRepeatingOrLosingRecords() {
        TopicNames topics = kafka.topics("handover.");
        publishQuietly(topics, trained.images.get(0));
        List<RawRecord> before = raw.mixed(raw.images("img-", 0, 60), raw.badImages("bad1-"));
        List<RawRecord> after = raw.mixed(raw.images("img-", 60, 60), raw.badImages("bad2-"));
        int total = before.size() + after.size();
        try (EmbedService staying = service(Modality.IMAGES, topics, new SimpleMeterRegistry())) {
            long left;
            try (EmbedService leaving = service(Modality.IMAGES, topics,
                    new SimpleMeterRegistry())) {
                staying.start();
                leaving.start();
                await().atMost(WAIT).until(() -> !staying.assignment().isEmpty()
                        && !leaving.assignment().isEmpty());
                kafka.produce(topics.imagesRaw(), before);
                await().atMost(WAIT).until(() -> accounted(staying) + accounted(leaving)
                        == before.size());
                left = accounted(leaving);
                assertThat(left).isPositive();
            }
            kafka.produce(topics.imagesRaw(), after);
            await().atMost(WAIT).until(() -> accounted(staying) + left >= total);

            assertThat(accounted(staying) + left).isEqualTo(total);
            assertThat(staying.assignment()).hasSize(3);
        }
        assertEachOnce(topics, kafka.readCommitted(topics.imagesEmbeddings(), topics.dlq()),
                topics.imagesRaw(), topics.imagesEmbeddings(), before, after);
    }

    private static EmbedService service(Modality modality, TopicNames topics,
            SimpleMeterRegistry registry) {
        String prefix = topics.checkpoints().substring(0, topics.checkpoints().indexOf('.') + 1);
        EmbedConfig config = EmbedConfig.defaults(modality, prefix)
                .withMaxBatchRecords(32);
        return new EmbedService(config, kafka.clients(), topics, registry);
    }

    /** The same weights and description under another version number. */
    private static Checkpoint renumbered(Checkpoint checkpoint, long version) {
        return Checkpoint.builder(checkpoint.manifest().model(), version)
                .step(checkpoint.manifest().step())
                .description(checkpoint.manifest().description())
                .metrics(checkpoint.manifest().metrics()).build(checkpoint.weights());
    }

    private static void publishQuietly(TopicNames topics, Checkpoint checkpoint) {
        try {
            kafka.publish(topics, checkpoint);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long accounted(EmbedService service) {
        return service.metrics().embedded() + service.metrics().rejected();
    }

    private static void awaitAccounted(EmbedService service, int records) {
        await().atMost(WAIT).until(() -> accounted(service) >= records);
        assertThat(accounted(service)).isEqualTo(records);
    }

    private static double rejectedCheckpoints(SimpleMeterRegistry registry) {
        return registry.find("tributary.checkpoint.read.rejected").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static void assertVersions(Map<String, ConsumerRecord<byte[], byte[]>> vectors,
            String model) {
        vectors.forEach((key, record) -> {
            assertThat(header(record, EmbeddingRecords.MODEL)).isEqualTo(model);
            assertThat(header(record, EmbeddingRecords.CHECKPOINT_VERSION)).as(key)
                    .isEqualTo(key.startsWith("before-") ? "1" : "2");
        });
    }

    /** Each vector equals, to float rounding, the embedder's of the version it names. */
    private static void assertImageVectorsMatchTheEmbedder(
            Map<String, ConsumerRecord<byte[], byte[]>> vectors) {
        for (int version = 1; version <= 2; version++) {
            List<String> keys = keysOfVersion(vectors, version);
            float[] pixels = new float[keys.size() * 28 * 28]; // (N, 1, 28, 28)
            for (int i = 0; i < keys.size(); i++) {
                float[] image = raw.pixels(raw.index(keys.get(i)));
                System.arraycopy(image, 0, pixels, i * image.length, image.length);
            }
            Checkpoint checkpoint = trained.images.get(version - 1);
            try (ImageEmbedder embedder = new ImageEmbedder(
                    checkpoint.manifest().description(), checkpoint.tensors())) {
                assertVectors(vectors, keys, embedder.embed(pixels, keys.size()));
            }
        }
    }

    /** Each vector equals, to float rounding, the language model's of the version it names. */
    private static void assertTextVectorsMatchTheLanguageModel(
            Map<String, ConsumerRecord<byte[], byte[]>> vectors) throws Exception {
        TextValidator validator = new TextValidator();
        for (int version = 1; version <= 2; version++) {
            List<String> keys = keysOfVersion(vectors, version);
            Checkpoint checkpoint = trained.text.get(version - 1);
            try (LanguageModel model = new LanguageModel(checkpoint.manifest().description(),
                    checkpoint.tensors());
                    TextTokenizer tokenizer = TextTokenizer.fromJson(
                            checkpoint.manifest().tokenizerJson())) {
                int[][] documents = keys.stream()
                        .map(key -> RawInputs.utf8(raw.fortune(raw.index(key))))
                        .map(bytes -> tokenizer.encode(validator.validate(bytes)))
                        .toArray(int[][]::new);
                assertVectors(vectors, keys, model.embed(documents));
            }
        }
    }

    private static List<String> keysOfVersion(Map<String, ConsumerRecord<byte[], byte[]>> vectors,
            long version) {
        List<String> keys = vectors.keySet().stream()
                .filter(key -> version(vectors.get(key)) == version).sorted().toList();
        assertThat(keys).as("embeddings of v%d", version).isNotEmpty();
        return keys;
    }

    private static void assertVectors(Map<String, ConsumerRecord<byte[], byte[]>> vectors,
            List<String> keys, float[][] expected) {
        for (int i = 0; i < keys.size(); i++) {
            assertThat(EmbeddingRecords.fromBytes(vectors.get(keys.get(i)).value()))
                    .as(keys.get(i)).containsExactly(expected[i], within(TOLERANCE));
        }
    }

    private static long version(ConsumerRecord<byte[], byte[]> record) {
        return Long.parseLong(header(record, EmbeddingRecords.CHECKPOINT_VERSION));
    }

}
