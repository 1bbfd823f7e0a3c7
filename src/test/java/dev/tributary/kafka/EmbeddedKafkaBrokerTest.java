package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void reportsLoopbackAddressWithTheChosenPort() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void refusesConnectionsOnNonLoopbackAddresses() throws SocketException {
        List<InetAddress> outside = nonLoopbackAddresses();
        assumeThat(outside).as("a non-loopback interface to test against").isNotEmpty();

        for (InetAddress address : outside) {
            assertThatThrownBy(() -> connect(address, broker.port()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void recordProducedIsConsumed() throws Exception {
        String topic = createTopic("plain");

        try (KafkaProducer<String, String> producer = producer(new Properties())) {
            producer.send(new ProducerRecord<>(topic, "doc-1", "hello stream")).get();
        }

        assertThat(consumeOne(topic, "read_uncommitted").value()).isEqualTo("hello stream");
    }

    @Test
    void transactionalProducerCommitsVisibleToReadCommittedConsumer() throws Exception {
        String topic = createTopic("tx");
        Properties tx = new Properties();
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx-" + UUID.randomUUID());

        try (KafkaProducer<String, String> producer = producer(tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(consumeOne(topic, "read_committed").value()).isEqualTo("committed");
    }

    @Test
    void startingTwiceIsRejected() {
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    private static String createTopic(String name) throws Exception {
        String topic = name + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(clientProps())) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all().get();
        }
        return topic;
    }

    private static KafkaProducer<String, String> producer(Properties extra) {
        Properties props = clientProps();
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static ConsumerRecord<String, String> consumeOne(String bootstrap, String topic,
            String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    return records.iterator().next();
                }
            }
        }
        throw new AssertionError("No record arrived on " + topic + " within 30 s");
    }

    private static ConsumerRecord<String, String> consumeOne(String topic, String isolation) {
        return consumeOne(broker.bootstrapServers(), topic, isolation);
    }

    private static Properties clientProps() {
        Properties props = new Properties();
        props.putAll(Map.of("bootstrap.servers", broker.bootstrapServers()));
        return props;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                result.addAll(Collections.list(nic.getInetAddresses()));
            }
        }
        return result;
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
        }
    }
}
