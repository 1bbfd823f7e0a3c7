package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embed tests' reader of committed outputs, which every exactly-once assertion relies on:
 * it must see each committed record, even one whose transaction has only just committed.
 */
class EmbedKafkaTest {

    private static final int PARTITIONS = 3;

    @TempDir
    static Path home;

    private static EmbedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = new EmbedKafka(home.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void recordsOfTransactionsThatHaveJustCommittedAreAllRead() {
        TopicNames topics = kafka.topics("just.");
        List<String> keys = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = transactional()) {
            for (int i = 0; i < 4 * PARTITIONS; i++) {
                producer.beginTransaction();
                keys.add(send(producer, topics.imagesEmbeddings(), i));
                producer.commitTransaction();
            }
        }

        assertThat(kafka.readCommitted(topics.imagesEmbeddings()).get(topics.imagesEmbeddings()))
                .extracting(r -> EmbedKafka.text(r.key()))
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void readingFailsRatherThanStopShortWhileATransactionIsOpen() {
        TopicNames topics = kafka.topics("open.");
        try (KafkaProducer<String, byte[]> producer = transactional()) {
            producer.beginTransaction();
            send(producer, topics.imagesEmbeddings(), 0);
            producer.flush();

            assertThatThrownBy(() -> kafka.readCommitted(Duration.ofSeconds(2),
                    topics.imagesEmbeddings()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still open")
                    .hasMessageContaining("[" + topics.imagesEmbeddings() + "-0]");
            producer.abortTransaction();
        }
    }

    private static KafkaProducer<String, byte[]> transactional() {
        Properties props = kafka.clients().producer();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-writer-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** Sends one embedding keyed img-i to partition i mod 3 and returns the key. */
    private static String send(KafkaProducer<String, byte[]> producer, String topic, int i) {
        String key = "img-" + i;
        producer.send(new ProducerRecord<>(topic, i % PARTITIONS, key,
                EmbeddingRecords.toBytes(new float[] {i, -i})));
        return key;
    }
}
