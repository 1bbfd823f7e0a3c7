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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
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

    /** {@link #readCommitted(Duration, String...)} with the usual timeout. */
    Map<String, List<ConsumerRecord<byte[], byte[]>>> readCommitted(String... topics) {
        return readCommitted(TIMEOUT, topics);
    }

    /**
     * Every committed record of the topics, read to their ends as a downstream consumer
     * would, by topic; one consumer for all, since starting one is slow on a busy machine.
     *
     * <p>The ends are the high watermarks, not the read_committed end offsets: a producer's
     * commitTransaction() returns before the broker has written the commit markers, and until
     * it has, the last stable offset stops short of records that are already committed. A
     * read_committed consumer only gets past that offset once the markers are in, so reading
     * to the high watermark waits for them. Call it after the writers have finished.
     *
     * @throws IllegalStateException when a partition is not read to its end within the
     *     timeout, as when a transaction on it is still open
     */
    Map<String, List<ConsumerRecord<byte[], byte[]>>> readCommitted(Duration timeout,
            String... topics) {
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
            Map<TopicPartition, Long> ends = highWatermarks(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> unread = partitions;
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> records.get(r.topic()).add(r));
                unread = partitions.stream()
                        .filter(p -> consumer.position(p) < ends.get(p)).toList();
            }
            if (!unread.isEmpty()) {
                throw new IllegalStateException("Not read to the end within " + timeout
                        + ": a transaction is still open (or reading is that slow) on "
                        + unread);
            }
        }
        return records;
    }

    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try (Admin admin = Admin.create(clients.admin())) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted listing offsets of " + partitions, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not list offsets of " + partitions, e);
        }
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        broker.close();
    }
}
