package dev.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.Batch;
import dev.tributary.data.DType;
import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MalformedRecords.Malformed;
import dev.tributary.kafka.DeadLetters;
import dev.tributary.kafka.TopicNames;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.TextTokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextIngestTopologyTest {

    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final int SEQUENCE = 8;
    private static final int BATCH = 2;
    private static final int MAX_BYTES = 1024;

    @TempDir
    static Path dir;
    private static Path tokenizerFile;

    private IngestMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, byte[]> batches;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeAll
    static void trainTokenizer() throws IOException {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            corpus.add("the quick brown fox jumps over the lazy dog number " + i);
        }
        tokenizerFile = dir.resolve("tokenizer.json");
        new BpeTrainer(BpeTrainerConfig.withVocabSize(300)).trainAndWrite(corpus, tokenizerFile);
    }

    @BeforeEach
    void startDriver() {
        metrics = new IngestMetrics(new SimpleMeterRegistry(), "text");
        TextIngestConfig config = new TextIngestConfig("lm", tokenizerFile, SEQUENCE, BATCH,
                MAX_BYTES, Duration.ofSeconds(2));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "text-ingest-test");
        driver = new TopologyTestDriver(TextIngestTopology.build(config, TOPICS, metrics), props);
        raw = driver.createInputTopic(TOPICS.textRaw(), new ByteArraySerializer(),
                new ByteArraySerializer());
        batches = driver.createOutputTopic(TOPICS.textBatches(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(TOPICS.dlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void documentsArePackedIntoFixedLengthSequencesWithEndTokens() throws IOException {
        List<String> documents = List.of("the quick brown fox", "jumps over the lazy dog",
                "number 42", "the dog", "the fox", "over");
        documents.forEach(text -> raw.pipeInput(utf8("k"), utf8(text)));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        List<Batch> emitted = batches.readValuesToList().stream().map(Batch::fromBytes).toList();
        int[] tokens = emitted.stream().flatMapToInt(b -> Arrays.stream(b.ints())).toArray();

        assertThat(emitted).allSatisfy(b -> {
            assertThat(b.dtype()).isEqualTo(DType.INT32);
            assertThat(b.shape()[1]).isEqualTo(SEQUENCE);
        });
        assertThat(emitted.stream().mapToInt(Batch::sourceRecords).sum())
                .isEqualTo(documents.size());
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile)) {
            String packed = tokenizer.decode(stripPadding(tokens, tokenizer.paddingId()));
            assertThat(packed).isEqualTo(String.join("<|endoftext|>", documents)
                    + "<|endoftext|>");
        }
    }

    @Test
    void fullBatchIsEmittedWithoutWaiting() {
        raw.pipeInput(utf8("long"), utf8("the quick brown fox jumps over the lazy dog ".repeat(4)));

        Batch batch = Batch.fromBytes(batches.readValue());

        assertThat(batch.shape()).containsExactly(BATCH, SEQUENCE);
        assertThat(batch.sourceRecords()).isZero(); // the document ends in a later sequence
    }

    @Test
    void nothingIsEmittedBeforeTheLingerTime() {
        raw.pipeInput(utf8("short"), utf8("the fox"));

        driver.advanceWallClockTime(Duration.ofMillis(1500));

        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void everyMalformedDocumentGoesToTheDeadLetterTopicWithItsReason() {
        List<Malformed> malformed = MalformedRecords.texts("bad/", MAX_BYTES);
        for (Malformed bad : malformed) {
            byte[] key = bad.record().key() == null ? null : utf8(bad.record().key());
            raw.pipeInput(key, bad.record().value());
        }

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();

        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .containsExactlyElementsOf(malformed.stream()
                        .map(m -> m.expected().name()).toList());
        assertThat(dead).extracting(TestRecord::value)
                .containsExactlyElementsOf(malformed.stream().map(m -> m.record().value())
                        .toList());
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void lineEndingsAndUnicodeAreNormalisedBeforeTokenizing() throws IOException {
        raw.pipeInput(utf8("crlf"), utf8("cafe\u0301\r\nnext"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        int[] tokens = Batch.fromBytes(batches.readValue()).ints();

        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile)) {
            assertThat(tokenizer.decode(stripPadding(tokens, tokenizer.paddingId())))
                    .isEqualTo("caf\u00e9\nnext<|endoftext|>");
        }
    }

    @Test
    void goodAndBadDocumentsAreAllAccountedFor() {
        List<Malformed> malformed = MalformedRecords.texts("bad/", MAX_BYTES);
        int good = 0;
        for (int i = 0; i < 40; i++) {
            if (i % 4 == 0) {
                Malformed bad = malformed.get(i / 4 % malformed.size());
                raw.pipeInput(bad.record().key() == null ? null : utf8("b" + i),
                        bad.record().value());
            } else {
                raw.pipeInput(utf8("g" + i), utf8("document " + i + " of the lazy dog"));
                good++;
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        int batched = batches.readValuesToList().stream()
                .mapToInt(v -> Batch.fromBytes(v).sourceRecords()).sum();

        assertThat(batched).isEqualTo(good);
        assertThat(batched + dlq.getQueueSize()).isEqualTo(40);
    }

    private static int[] stripPadding(int[] tokens, int padding) {
        return Arrays.stream(tokens).filter(t -> t != padding).toArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
