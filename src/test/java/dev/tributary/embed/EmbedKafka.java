package dev.tributary.embed;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.data.RawRecord;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real in-process broker for the embed tests, and the writes and reads they make. */
final class EmbedKafka implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final KafkaClients clients;

    EmbedKafka(Path dataDir) {
        this.broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start();
        this.clients = KafkaClients.builder().environment(Map.of())
                .bootstrapServers(broker.bootstrapServers()).build();
    }

    KafkaClients clients() {
        return clients;
    }

    /** Tributary's topics under a prefix of their own, three partitions for raw input. */
    TopicNames topics(String prefix) {
        TopicNames topics = TopicNames.withPrefix(prefix);
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, topics, TIMEOUT);
        }
        return topics;
    }

    /** Publishes a checkpoint as the trainer does, returning once readers can see it. */
    void publish(TopicNames topics, Checkpoint checkpoint) throws Exception {
        String id = topics.checkpoints() + "-" + checkpoint.manifest().model();
        try (CheckpointPublisher publisher = new CheckpointPublisher(clients.producer(),
                topics.checkpoints(), checkpoint.manifest().model(), id)) {
            publisher.publish(checkpoint);
        }
    }

    /** Writes records in one committed transaction of a producer of its own. */
    void commit(List<ProducerRecord<String, byte[]>> records) {
        Properties props = clients.producer();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-forger-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        }
    }

    /** Produces raw records, keyed by their key (null stays null). */
    void produce(String topic, List<RawRecord> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
        }
    }

    /**
     * Every committed record of the topics, read to their ends as a downstream consumer
     * would, by topic; one consumer for all, since starting one is slow on a busy machine.
     */
    Map<String, List<ConsumerRecord<byte[], byte[]>>> readCommitted(String... topics) {
        Properties props = clients.admin();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                records.put(topic, new ArrayList<>());
                consumer.partitionsFor(topic).forEach(
                        p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> records.get(r.topic()).add(r));
            }
        }
        return records;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        broker.close();
    }
}
