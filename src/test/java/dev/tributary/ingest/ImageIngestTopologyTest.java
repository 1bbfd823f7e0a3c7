package dev.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.Batch;
import dev.tributary.data.DType;
import dev.tributary.data.ImageSpec;
import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MalformedRecords.Malformed;
import dev.tributary.data.PngEncoder;
import dev.tributary.data.RejectReason;
import dev.tributary.data.TestImages;
import dev.tributary.kafka.DeadLetters;
import dev.tributary.kafka.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageIngestTopologyTest {

    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final int BATCH = 4;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private IngestMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, byte[]> batches;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void startDriver() {
        metrics = new IngestMetrics(registry, "images");
        ImageIngestConfig config = new ImageIngestConfig("simclr", ImageSpec.defaultGrayscale(),
                BATCH, Duration.ofSeconds(2));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "image-ingest-test");
        driver = new TopologyTestDriver(ImageIngestTopology.build(config, TOPICS, metrics), props);
        raw = driver.createInputTopic(TOPICS.imagesRaw(), new ByteArraySerializer(),
                new ByteArraySerializer());
        batches = driver.createOutputTopic(TOPICS.imagesBatches(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(TOPICS.dlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void fullBatchIsEmittedAsNormalisedFloatTensor() {
        for (int i = 0; i < BATCH; i++) {
            raw.pipeInput(key("img" + i), grayPng(28, 28, i * 60));
        }

        TestRecord<String, byte[]> record = batches.readRecord();
        Batch batch = Batch.fromBytes(record.value());

        assertThat(record.key()).isEqualTo("simclr");
        assertThat(batch.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(batch.shape()).containsExactly(BATCH, 1, 28, 28);
        assertThat(batch.sourceRecords()).isEqualTo(BATCH);
        float[] values = batch.floats();
        assertThat(values[0]).isEqualTo(0f);
        assertThat(values[28 * 28]).isEqualTo(60 / 255f);
        assertThat(values[3 * 28 * 28 + 5]).isEqualTo(180 / 255f);
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void largerImagesAreResizedToTheModelInput() {
        for (int i = 0; i < BATCH; i++) {
            raw.pipeInput(key("big" + i), grayPng(96, 64, 200));
        }

        Batch batch = Batch.fromBytes(batches.readValue());

        assertThat(batch.shape()).containsExactly(BATCH, 1, 28, 28);
        float[] expected = new float[BATCH * 28 * 28];
        Arrays.fill(expected, 200 / 255f);
        assertThat(batch.floats()).containsExactly(expected);
    }

    @Test
    void partlyFilledBatchWaitsForTheLingerTimeOnly() {
        raw.pipeInput(key("a"), grayPng(28, 28, 10));
        raw.pipeInput(key("b"), grayPng(28, 28, 20));

        driver.advanceWallClockTime(Duration.ofMillis(1500));
        assertThat(batches.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(600));

        Batch batch = Batch.fromBytes(batches.readValue());
        assertThat(batch.shape()).containsExactly(2, 1, 28, 28);
        assertThat(batch.sourceRecords()).isEqualTo(2);
    }

    @Test
    void everyMalformedImageGoesToTheDeadLetterTopicWithItsReason() {
        List<Malformed> malformed = MalformedRecords.images("bad/");
        for (Malformed bad : malformed) {
            raw.pipeInput(bad.record().key() == null ? null : key(bad.record().key()),
                    bad.record().value());
        }

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();

        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .containsExactlyElementsOf(malformed.stream()
                        .map(m -> m.expected().name()).toList());
        assertThat(batches.isEmpty()).isTrue();
        assertThat(metrics.rejectedTotal()).isEqualTo(malformed.size());
    }

    @Test
    void deadLetterKeepsTheOriginalBytesAndSaysWhereTheyCameFrom() {
        byte[] gif = MalformedRecords.images("x/").stream()
                .filter(m -> m.record().key() != null && m.record().key().endsWith("gif"))
                .findFirst().orElseThrow().record().value();
        RecordHeaders headers = new RecordHeaders();
        headers.add("label", "Bag".getBytes());
        raw.pipeInput(new TestRecord<>(key("gif-1"), gif, headers));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(dead.key()).isEqualTo(key("gif-1"));
        assertThat(dead.value()).isEqualTo(gif);
        assertThat(DeadLetters.header(dead.headers(), "label")).isEqualTo("Bag");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON))
                .isEqualTo(RejectReason.UNSUPPORTED_FORMAT.name());
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC))
                .isEqualTo(TOPICS.imagesRaw());
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON_DETAIL)).isNotBlank();
    }

    @Test
    void cmykJpegIsRefusedWithColourModelReason() throws java.io.IOException {
        raw.pipeInput(key("cmyk"), TestImages.cmykJpeg(16, 16));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();

        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON))
                .isEqualTo(RejectReason.UNSUPPORTED_COLOR_MODEL.name());
    }

    @Test
    void goodAndBadRecordsAreAllAccountedFor() {
        List<Malformed> malformed = MalformedRecords.images("bad/");
        int good = 0;
        for (int i = 0; i < 30; i++) {
            if (i % 3 == 0) {
                Malformed bad = malformed.get(i / 3 % malformed.size());
                raw.pipeInput(bad.record().key() == null ? null : key("b" + i),
                        bad.record().value());
            } else {
                raw.pipeInput(key("g" + i), grayPng(28, 28, i));
                good++;
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        int batched = batches.readValuesToList().stream()
                .mapToInt(v -> Batch.fromBytes(v).sourceRecords()).sum();

        assertThat(batched).isEqualTo(good);
        assertThat(batched + dlq.getQueueSize()).isEqualTo(30);
    }

    private static byte[] key(String name) {
        return name.getBytes();
    }

    private static byte[] grayPng(int width, int height, int level) {
        byte[] pixels = new byte[width * height];
        Arrays.fill(pixels, (byte) level);
        return PngEncoder.encodeGray(pixels, height, width);
    }
}
