package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.model.NamedTensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CheckpointPublishReadTest {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublishReadTest.class);
    private static final long MB = 1_000_000;

    @TempDir
    static Path dataDir;

    private static CheckpointBroker kafka;
    private static CheckpointReader reader;

    @BeforeAll
    static void startBroker() {
        kafka = CheckpointBroker.start(dataDir);
        reader = new CheckpointReader(kafka.clients().admin(), kafka.topic(),
                new SimpleMeterRegistry());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aPublishedCheckpointReadsBackWithIdenticalTensorsAndManifest() throws Exception {
        List<NamedTensor> tensors = TestCheckpoints.smallTensors(11);
        byte[] weights = Safetensors.write(tensors, Map.of("format", "pt"));
        Checkpoint published = TestCheckpoints.textBuilder("round-trip", 1).build(weights);

        try (CheckpointPublisher publisher = publisher("round-trip")) {
            PublishResult result = publisher.publish(published);
            assertThat(result.version()).isEqualTo(1);
            assertThat(result.weightBytes()).isEqualTo(weights.length);
        }
        Checkpoint read = reader.latest("round-trip", CheckpointBroker.TIMEOUT).orElseThrow();

        assertThat(read.verify().manifest()).isEqualTo(published.manifest());
        assertThat(read.tensors()).containsExactlyElementsOf(tensors);
    }

    @Test
    void largeCheckpointsTravelInChunksOfAtMostOneMebibyte() throws Exception {
        try (CheckpointPublisher publisher = publisher("large")) {
            for (long bytes : new long[] {2 * MB, 20 * MB}) {
                Checkpoint checkpoint = TestCheckpoints.textBuilder("large", bytes / MB)
                        .build(TestCheckpoints.tensorsOfBytes(bytes, bytes));
                PublishResult result = publisher.publish(checkpoint);

                long began = System.nanoTime();
                Optional<Checkpoint> read = reader.latest("large", CheckpointBroker.TIMEOUT);
                long readMs = (System.nanoTime() - began) / 1_000_000;

                LOG.info("{} bytes: published in {} chunks in {} ms; read and verified in {} ms",
                        result.weightBytes(), result.chunkCount(), result.duration().toMillis(),
                        readMs);
                assertThat(result.chunkCount())
                        .isEqualTo((checkpoint.weights().length + (1 << 20) - 1) >> 20);
                assertThat(read).contains(checkpoint);
            }
        }
    }

    @Test
    void anAbortedTransactionIsNeverSeen() throws Exception {
        Checkpoint committed = TestCheckpoints.small("aborted", 1);
        try (CheckpointPublisher publisher = publisher("aborted")) {
            publisher.publish(committed);
        }

        kafka.abort(CheckpointRecords.of(kafka.topic(), TestCheckpoints.small("aborted", 2)));

        assertThat(kafka.keys("read_uncommitted")).contains("aborted/2/manifest");
        assertThat(kafka.keys("read_committed")).doesNotContain("aborted/2/manifest");
        assertThat(reader.latest("aborted", CheckpointBroker.TIMEOUT)).contains(committed);
    }

    @Test
    void aFencedPublisherThrowsAndNothingOfItsPublishIsVisible() throws Exception {
        try (CheckpointPublisher zombie = publisher("fenced");
                CheckpointPublisher successor = publisher("fenced")) {
            assertThat(zombie.transactionalId()).isEqualTo(successor.transactionalId())
                    .isEqualTo("tributary-trainer-fenced");

            assertThatThrownBy(() -> zombie.publish(TestCheckpoints.small("fenced", 1)))
                    .isInstanceOf(FencedException.class)
                    .hasMessageContaining("tributary-trainer-fenced");
            assertThatThrownBy(() -> zombie.publish(TestCheckpoints.small("fenced", 2)))
                    .isInstanceOf(FencedException.class);
            successor.publish(TestCheckpoints.small("fenced", 3));
        }

        assertThat(kafka.keys("read_committed"))
                .noneMatch(key -> key.startsWith("fenced/1/") || key.startsWith("fenced/2/"))
                .contains("fenced/3/manifest");
        assertThat(reader.latest("fenced", CheckpointBroker.TIMEOUT).orElseThrow().version())
                .isEqualTo(3);
    }

    @Test
    void aVersionNotNewerThanTheLastPublishedIsRefused() throws Exception {
        try (CheckpointPublisher publisher = publisher("monotonic")) {
            publisher.publish(TestCheckpoints.small("monotonic", 5));

            assertThatThrownBy(() -> publisher.publish(TestCheckpoints.small("monotonic", 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not newer than v5");
        }
    }

    @Test
    void aKafkaFailureAbortsThePublishAndLeavesThePublisherUsable() throws Exception {
        Properties smallRequests = kafka.clients().producer();
        smallRequests.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "100000");
        Checkpoint tooLarge = TestCheckpoints.textBuilder("refused", 1)
                .build(TestCheckpoints.tensorsOfBytes(1, 2 * MB));

        try (CheckpointPublisher publisher =
                new CheckpointPublisher(smallRequests, kafka.topic(), "refused")) {
            assertThatThrownBy(() -> publisher.publish(tooLarge))
                    .isInstanceOfSatisfying(CheckpointPublishException.class,
                            e -> assertThat(e.publisherUsable()).isTrue())
                    .hasMessageContaining("checkpoint refused v1")
                    .hasMessageContaining("its transaction was aborted");
            publisher.publish(TestCheckpoints.small("refused", 2));
        }

        assertThat(kafka.keys("read_committed")).noneMatch(key -> key.startsWith("refused/1/"));
        assertThat(reader.latest("refused", CheckpointBroker.TIMEOUT).orElseThrow().version())
                .isEqualTo(2);
    }

    @Test
    void aModelWithoutCheckpointsHasNoLatest() {
        assertThat(reader.latest("never-published", CheckpointBroker.TIMEOUT)).isEmpty();
    }

    @Test
    void readingATopicThatDoesNotExistSaysSo() {
        CheckpointReader lost = new CheckpointReader(kafka.clients().admin(), "no.such.topic",
                new SimpleMeterRegistry());

        assertThatThrownBy(() -> lost.latest("lm", CheckpointBroker.TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Checkpoint topic no.such.topic does not exist");
    }

    private static CheckpointPublisher publisher(String model) throws CheckpointPublishException {
        return new CheckpointPublisher(kafka.clients().producer(), kafka.topic(), model);
    }
}
