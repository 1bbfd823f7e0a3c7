package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real in-process broker with Tributary's topics, for one test class, plus the raw Kafka
 * writes and reads that tests use to forge or inspect checkpoint records.
 */
final class CheckpointBroker implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final KafkaClients clients;
    private final String topic;

    private CheckpointBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.clients = KafkaClients.builder().environment(Map.of())
                .bootstrapServers(broker.bootstrapServers()).build();
        TopicNames names = TopicNames.defaults();
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, names, TIMEOUT);
        }
        this.topic = names.checkpoints();
    }

    static CheckpointBroker start(Path dataDir) {
        return new CheckpointBroker(EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start());
    }

    KafkaClients clients() {
        return clients;
    }

    String topic() {
        return topic;
    }

    /**
     * Writes the records in one committed transaction of a producer of its own, and returns
     * once {@code read_committed} readers can see them.
     */
    void commit(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Future<RecordMetadata> last;
        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            records.subList(0, records.size() - 1).forEach(producer::send);
            last = producer.send(records.get(records.size() - 1));
            producer.commitTransaction();
        }
        awaitSettled(last.get().offset());
    }

    /**
     * Writes the records in one transaction, waits until they are in the log, aborts, and
     * returns once the abort is settled for {@code read_committed} readers.
     */
    void abort(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Future<RecordMetadata> last;
        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            records.subList(0, records.size() - 1).forEach(producer::send);
            last = producer.send(records.get(records.size() - 1));
            producer.flush();
            producer.abortTransaction();
        }
        awaitSettled(last.get().offset());
    }

    private void awaitSettled(long offset) throws InterruptedException {
        try (CommitVisibility visibility = new CommitVisibility(clients.admin())) {
            assertThat(visibility.await(new TopicPartition(topic, 0), offset, TIMEOUT))
                    .as("transaction settled up to offset %d", offset).isTrue();
        }
    }

    /** The keys of every record on the topic up to its current end, at the isolation level. */
    List<String> keys(String isolationLevel) {
        Properties props = clients.admin();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(32 << 20));
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }

    private KafkaProducer<String, byte[]> rawProducer() {
        Properties props = clients.producer();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-raw-" + UUID.randomUUID());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        broker.close();
    }
}
