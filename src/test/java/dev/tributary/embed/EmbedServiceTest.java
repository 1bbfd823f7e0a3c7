package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointRecords;
import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MalformedRecords.Malformed;
import dev.tributary.data.PngEncoder;
import dev.tributary.data.RawRecord;
import dev.tributary.data.RejectReason;
import dev.tributary.data.TextValidator;
import dev.tributary.kafka.DeadLetters;
import dev.tributary.kafka.TopicNames;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbedKafka(home.resolve("kafka"));
        trained = TrainedCheckpoints.train();
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
        List<RawRecord> imagesBefore = mixed(images("before-", 0, 90), badImages("bad1-"));
        List<RawRecord> textBefore = mixed(texts("before-", 0, 90), badTexts("bad1-"));
        List<RawRecord> imagesAfter = mixed(images("after-", 90, 90), badImages("bad2-"));
        List<RawRecord> textAfter = mixed(texts("after-", 90, 90), badTexts("bad2-"));
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
                outputs, topics.imagesRaw(), topics.imagesEmbeddings(), imagesBefore,
                imagesAfter);
        Map<String, ConsumerRecord<byte[], byte[]>> textVectors = assertEachOnce(topics,
                outputs, topics.textRaw(), topics.textEmbeddings(), textBefore, textAfter);
        assertVersions(imageVectors, "simclr");
        assertVersions(textVectors, "lm");
        assertImageVectorsMatchTheEmbedder(imageVectors);
        assertTextVectorsMatchTheLanguageModel(textVectors);
    }

    @Test
    void corruptCheckpointIsRefusedAndTheServingModelKeepsEmbedding() throws Exception {
        TopicNames topics = kafka.topics("corrupt.");
        kafka.publish(topics, trained.images.get(0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RawRecord> inputs = images("img-", 0, 60);
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
        }
        Map<String, ConsumerRecord<byte[], byte[]>> vectors = assertEachOnce(topics,
                kafka.readCommitted(topics.imagesEmbeddings(), topics.dlq()),
                topics.imagesRaw(), topics.imagesEmbeddings(), inputs, List.of());
        assertThat(vectors.values()).extracting(r -> header(r, EmbeddingRecords.CHECKPOINT_VERSION))
                .containsOnly("1");
    }

    @Test
    void twoInstancesInOneGroupSplitThePartitionsAndTogetherEmbedEveryRecord() {
        TopicNames topics = kafka.topics("split.");
        List<RawRecord> inputs = mixed(images("img-", 0, 150), badImages("bad-"));
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

    private static EmbedService service(Modality modality, TopicNames topics,
            SimpleMeterRegistry registry) {
        EmbedConfig config = EmbedConfig.defaults(modality, topics.dlq() + ".")
                .withMaxBatchRecords(32);
        return new EmbedService(config, kafka.clients(), topics, registry);
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

    /**
     * Checks that each input has exactly one outcome: good ones one embedding under their key,
     * bad ones one dead letter from their source offset with ingest's reason.
     *
     * @return the embeddings by key
     */
    private static Map<String, ConsumerRecord<byte[], byte[]>> assertEachOnce(TopicNames topics,
            Map<String, List<ConsumerRecord<byte[], byte[]>>> outputs, String rawTopic,
            String embeddingTopic, List<RawRecord> first, List<RawRecord> second) {
        List<RawRecord> inputs = new ArrayList<>(first);
        inputs.addAll(second);
        Map<String, ConsumerRecord<byte[], byte[]>> vectors = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : outputs.get(embeddingTopic)) {
            assertThat(vectors.put(EmbedKafka.text(record.key()), record))
                    .as("second embedding of %s", EmbedKafka.text(record.key())).isNull();
        }
        List<String> reasons = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> dead : outputs.get(topics.dlq())) {
            if (rawTopic.equals(header(dead, DeadLetters.SOURCE_TOPIC))) {
                reasons.add(header(dead, DeadLetters.REASON));
                assertThat(sources.add(header(dead, DeadLetters.SOURCE_PARTITION) + "@"
                        + header(dead, DeadLetters.SOURCE_OFFSET))).isTrue();
                assertThat(header(dead, DeadLetters.REASON_DETAIL)).isNotBlank();
            }
        }
        List<String> expectedReasons = new ArrayList<>();
        Set<String> goodKeys = new HashSet<>();
        for (RawRecord input : inputs) {
            RejectReason reason = expectedReasons(rawTopic.equals(topics.imagesRaw()))
                    .get(input.key());
            if (input.key() == null || reason != null) {
                expectedReasons.add((reason == null ? RejectReason.MISSING_KEY : reason).name());
            } else {
                goodKeys.add(input.key());
            }
        }
        assertThat(vectors.keySet()).containsExactlyInAnyOrderElementsOf(goodKeys);
        Collections.sort(reasons);
        Collections.sort(expectedReasons);
        assertThat(reasons).isEqualTo(expectedReasons);
        return vectors;
    }

    private static Map<String, RejectReason> expectedReasons(boolean images) {
        Map<String, RejectReason> reasons = new HashMap<>();
        for (String prefix : List.of("bad-", "bad1-", "bad2-")) {
            List<Malformed> bad = images ? MalformedRecords.images(prefix)
                    : MalformedRecords.texts(prefix, TextValidator.DEFAULT_MAX_BYTES);
            bad.forEach(m -> reasons.put(m.record().key(), m.expected()));
        }
        return reasons;
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
                float[] image = pixels(index(keys.get(i)));
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
                int[][] documents = keys.stream().map(key -> tokenizer.encode(
                        validator.validate(utf8(fortune(index(key)))))).toArray(int[][]::new);
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

    /** Fashion-MNIST test images from {@code from}, as PNG records keyed prefix + index. */
    private static List<RawRecord> images(String prefix, int from, int count) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new RawRecord(prefix + i, PngEncoder.encodeGray(
                    trained.fashion.pixels(i), 28, 28), null));
        }
        return records;
    }

    private static List<RawRecord> texts(String prefix, int from, int count) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new RawRecord(prefix + i, utf8(fortune(i)), null));
        }
        return records;
    }

    private static List<RawRecord> badImages(String prefix) {
        return MalformedRecords.images(prefix).stream().map(Malformed::record).toList();
    }

    private static List<RawRecord> badTexts(String prefix) {
        return MalformedRecords.texts(prefix, TextValidator.DEFAULT_MAX_BYTES).stream()
                .map(Malformed::record).toList();
    }

    /** The good and the bad records in one fixed, shuffled order. */
    private static List<RawRecord> mixed(List<RawRecord> good, List<RawRecord> bad) {
        List<RawRecord> all = new ArrayList<>(good);
        all.addAll(bad);
        Collections.shuffle(all, new Random(5));
        return all;
    }

    private static float[] pixels(int index) {
        byte[] image = trained.fashion.pixels(index);
        float[] pixels = new float[image.length]; // (1, 1, 28, 28)
        for (int i = 0; i < image.length; i++) {
            pixels[i] = (image[i] & 0xFF) / 255f;
        }
        return pixels;
    }

    /** A fortune from past the ones the tokenizer and model were trained on. */
    private static String fortune(int index) {
        return trained.fortunes.get(trained.fortunes.size() - 1 - index);
    }

    private static int index(String key) {
        return Integer.parseInt(key.substring(key.indexOf('-') + 1));
    }

    private static long version(ConsumerRecord<byte[], byte[]> record) {
        return Long.parseLong(header(record, EmbeddingRecords.CHECKPOINT_VERSION));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
