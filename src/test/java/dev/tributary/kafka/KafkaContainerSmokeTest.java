package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same topic setup against Apache Kafka's own image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerSmokeTest {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void topicsAreCreatedOnAContainerBroker() {
        KafkaClients clients = KafkaClients.builder()
                .environment(Map.of())
                .bootstrapServers(KAFKA.getBootstrapServers())
                .build();
        KafkaClients.requireReachable(clients.admin(), Duration.ofSeconds(30));

        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetupResult result = TopicSetup.defaults()
                    .apply(admin, TopicNames.defaults(), Duration.ofSeconds(30));

            assertThat(result.created()).containsExactlyElementsOf(TopicNames.defaults().all());
        }
    }
}
