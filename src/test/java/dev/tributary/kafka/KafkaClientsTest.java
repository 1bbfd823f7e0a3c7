package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsPointAtTheLocalBroker() {
        KafkaClients clients = KafkaClients.builder().environment(Map.of()).build();

        assertThat(clients.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(clients.producer().getProperty("max.request.size"))
                .isEqualTo(Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        assertThat(clients.streams("app").getProperty("processing.guarantee"))
                .isEqualTo("exactly_once_v2");
    }

    @Test
    void environmentNamesMapToLowerCaseDottedKeys() {
        KafkaClients clients = KafkaClients.builder()
                .environment(Map.of(
                        "TRIBUTARY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "TRIBUTARY_KAFKA_SASL_MECHANISM", "PLAIN",
                        "OTHER_VARIABLE", "ignored"))
                .build();

        Properties admin = clients.admin();

        assertThat(admin.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(admin.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(admin.stringPropertyNames()).doesNotContain("other.variable");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=file:1",
                "security.protocol=SSL",
                "client.id=from-file",
                "max.request.size=123"));

        KafkaClients clients = KafkaClients.builder()
                .clientConfig(file)
                .environment(Map.of(
                        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "env:2",
                        "TRIBUTARY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))
                .bootstrapServers("flag:3")
                .build();
        Properties producer = clients.producer();

        assertThat(producer.getProperty("bootstrap.servers")).isEqualTo("flag:3");
        assertThat(producer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(producer.getProperty("client.id")).isEqualTo("from-file");
        assertThat(producer.getProperty("max.request.size")).isEqualTo("123");
    }

    @Test
    void missingFlagLeavesTheEnvironmentInCharge() {
        KafkaClients clients = KafkaClients.builder()
                .environment(Map.of("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "env:2"))
                .bootstrapServers(null)
                .build();

        assertThat(clients.bootstrapServers()).isEqualTo("env:2");
    }

    @Test
    void consumerAndStreamsCarryTheirIds() {
        KafkaClients clients = KafkaClients.builder().environment(Map.of()).build();

        assertThat(clients.consumer("trainer").getProperty("group.id")).isEqualTo("trainer");
        assertThat(clients.streams("ingest").getProperty("application.id")).isEqualTo("ingest");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaClients.builder().clientConfig(missing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void unreachableBrokerFailsFastWithAdvice() {
        int closedPort = LoopbackPorts.free();
        Properties props = KafkaClients.builder()
                .environment(Map.of())
                .bootstrapServers("127.0.0.1:" + closedPort)
                .build()
                .admin();
        long began = System.nanoTime();

        assertThatThrownBy(() -> KafkaClients.requireReachable(props, Duration.ofSeconds(1)))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessage("No Kafka broker reachable at 127.0.0.1:" + closedPort
                        + " within 1 s; start one with `tributary broker` or pass"
                        + " --bootstrap-servers");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
    }
}
