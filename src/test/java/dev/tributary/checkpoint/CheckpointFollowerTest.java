package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFollowerTest {

    @TempDir
    static Path dataDir;

    private static CheckpointBroker kafka;
    private static SimpleMeterRegistry registry;
    private static CheckpointReader reader;

    private final BlockingQueue<Checkpoint> verified = new LinkedBlockingQueue<>();
    private final BlockingQueue<CheckpointRejection> rejected = new LinkedBlockingQueue<>();

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
    void newVersionsReachTheListenerInOrderAndACorruptOneTheRejectionCallback()
            throws Exception {
        try (CheckpointFollower follower = reader.follow("live", -1, verified::add, rejected::add);
                CheckpointPublisher publisher = publisher("live")) {
            publisher.publish(TestCheckpoints.small("live", 1));
            publisher.publish(TestCheckpoints.small("live", 2));
            kafka.commit(corrupt(TestCheckpoints.small("live", 3)));
            publisher.publish(TestCheckpoints.small("live", 4));

            assertThat(next(verified).version()).isEqualTo(1);
            assertThat(next(verified).version()).isEqualTo(2);
            assertThat(next(verified)).isEqualTo(TestCheckpoints.small("live", 4));
            CheckpointRejection rejection = next(rejected);
            assertThat(rejection.version()).isEqualTo(3);
            assertThat(rejection.reason()).isEqualTo(RejectionReason.HASH_MISMATCH);
            assertThat(follower.lastVersion()).isEqualTo(4);
        }
        assertThat(verified).isEmpty();
        assertThat(registry.get("tributary.checkpoint.read.verified").tag("model", "live")
                .counter().count()).isEqualTo(3);
    }

    @Test
    void theBacklogGivesOnlyItsNewestVersionThenEachNewOne() throws Exception {
        try (CheckpointPublisher publisher = publisher("backlog")) {
            for (long version = 1; version <= 3; version++) {
                publisher.publish(TestCheckpoints.small("backlog", version));
            }
            try (CheckpointFollower follower =
                    reader.follow("backlog", -1, verified::add, rejected::add)) {
                assertThat(next(verified).version()).isEqualTo(3);

                publisher.publish(TestCheckpoints.small("backlog", 4));

                assertThat(next(verified).version()).isEqualTo(4);
                assertThat(follower.caughtUp()).isTrue();
            }
        }
        assertThat(verified).isEmpty();
        assertThat(rejected).isEmpty();
    }

    @Test
    void versionsUpToTheOneInUseAreNotHandedAgain() throws Exception {
        try (CheckpointPublisher publisher = publisher("in-use")) {
            publisher.publish(TestCheckpoints.small("in-use", 1));
            publisher.publish(TestCheckpoints.small("in-use", 2));
            try (CheckpointFollower follower =
                    reader.follow("in-use", 2, verified::add, rejected::add)) {
                publisher.publish(TestCheckpoints.small("in-use", 3));

                assertThat(next(verified).version()).isEqualTo(3);
                assertThat(follower.lastVersion()).isEqualTo(3);
            }
        }
        assertThat(verified).isEmpty();
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(CheckpointBroker.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(item).as("handed within %s", CheckpointBroker.TIMEOUT).isNotNull();
        return item;
    }

    /** The checkpoint's records with one byte of its weights flipped. */
    private static List<ProducerRecord<String, byte[]>> corrupt(Checkpoint checkpoint) {
        List<ProducerRecord<String, byte[]>> records =
                CheckpointRecords.of(kafka.topic(), checkpoint);
        records.get(0).value()[64] ^= 0x01;
        return records;
    }

    private static CheckpointPublisher publisher(String model) throws CheckpointPublishException {
        return new CheckpointPublisher(kafka.clients().producer(), kafka.topic(), model);
    }
}
