package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt versions written to Kafka by a raw transactional producer, after a good one written
 * by the publisher: each is rejected with its reason, and the good one stays the latest.
 */
class CheckpointCorruptionTest {

    @TempDir
    static Path dataDir;

    private static CheckpointBroker kafka;
    private static SimpleMeterRegistry registry;
    private static CheckpointReader reader;

    @BeforeAll
    static void startBroker() {
        kafka = CheckpointBroker.start(dataDir);
        registry = new SimpleMeterRegistry();
        reader = new CheckpointReader(kafka.clients().admin(), kafka.topic(), registry);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aFlippedByteInOneChunkIsRejectedAndThePreviousVersionKept() throws Exception {
        Checkpoint good = publishGood("flipped");
        List<ProducerRecord<String, byte[]>> records = recordsOfVersionTwo("flipped");
        records.get(1).value()[100] ^= 0x40;

        kafka.commit(records);

        assertThat(reader.latest("flipped", CheckpointBroker.TIMEOUT)).contains(good);
        assertThat(rejected("flipped", RejectionReason.HASH_MISMATCH)).isEqualTo(1);
    }

    @Test
    void aMissingChunkIsRejectedAndThePreviousVersionKept() throws Exception {
        Checkpoint good = publishGood("missing");
        List<ProducerRecord<String, byte[]>> records = recordsOfVersionTwo("missing");
        records.remove(1);

        kafka.commit(records);

        assertThat(reader.latest("missing", CheckpointBroker.TIMEOUT)).contains(good);
        assertThat(rejected("missing", RejectionReason.MISSING_CHUNK)).isEqualTo(1);
    }

    @Test
    void aManifestWithoutChunksIsRejectedAndThePreviousVersionKept() throws Exception {
        Checkpoint good = publishGood("no-chunks");
        List<ProducerRecord<String, byte[]>> records = recordsOfVersionTwo("no-chunks");

        kafka.commit(records.subList(records.size() - 1, records.size()));

        assertThat(reader.latest("no-chunks", CheckpointBroker.TIMEOUT)).contains(good);
        assertThat(rejected("no-chunks", RejectionReason.NO_CHUNKS)).isEqualTo(1);
    }

    private static Checkpoint publishGood(String model) throws Exception {
        Checkpoint good = TestCheckpoints.small(model, 1);
        try (CheckpointPublisher publisher =
                new CheckpointPublisher(kafka.clients().producer(), kafka.topic(), model)) {
            publisher.publish(good);
        }
        return good;
    }

    /** Version 2 of the model cut into three chunks, ready to be spoilt. */
    private static List<ProducerRecord<String, byte[]>> recordsOfVersionTwo(String model) {
        int size = TestCheckpoints.small(model, 2).weights().length;
        Checkpoint checkpoint = TestCheckpoints.textBuilder(model, 2).chunkBytes(size / 3 + 1)
                .build(TestCheckpoints.smallTensors(2));
        List<ProducerRecord<String, byte[]>> records =
                new ArrayList<>(CheckpointRecords.of(kafka.topic(), checkpoint));
        assertThat(records).hasSize(4);
        return records;
    }

    private static double rejected(String model, RejectionReason reason) {
        Counter counter = registry.find("tributary.checkpoint.read.rejected")
                .tags("model", model, "reason", reason.name()).counter();
        return counter == null ? 0 : counter.count();
    }
}
