package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerRestartTest.class);

    private static final String CLUSTER_ID = Uuid.randomUuid().toString();

    @TempDir
    Path dataDir;

    @Test
    void restartOnSameDataDirKeepsRecordsAndFormatsOnlyOnce() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(dataDir)
                .clusterId(CLUSTER_ID)
                .build();

        broker.start();
        produce(broker.bootstrapServers(), "kept", "survives restart");
        String metaBefore = Files.readString(dataDir.resolve("meta.properties"));
        broker.close();
        LOG.info("Cold start took {} ms", broker.startDuration().toMillis());
        assertThat(broker.formattedOnStart()).isTrue();

        try (EmbeddedKafkaBroker restarted = broker.start()) {
            LOG.info("Warm start took {} ms", restarted.startDuration().toMillis());
            assertThat(restarted.formattedOnStart()).isFalse();
            assertThat(Files.readString(dataDir.resolve("meta.properties")))
                    .isEqualTo(metaBefore)
                    .contains(CLUSTER_ID);
            assertThat(EmbeddedKafkaBrokerTest.consumeOne(restarted.bootstrapServers(), "kept",
                    "read_committed").value()).isEqualTo("survives restart");
        }
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all().get();
        }
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }
}
