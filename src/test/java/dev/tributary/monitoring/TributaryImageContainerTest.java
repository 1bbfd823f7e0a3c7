package dev.tributary.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The image the Dockerfile builds, run as docker-compose.yml runs it: beside a Kafka
 * container, configured through the environment. Skipped where no Docker engine runs; where
 * one does, the first run builds the image, Maven dependencies included, which takes minutes.
 */
@Testcontainers(disabledWithoutDocker = true)
class TributaryImageContainerTest {

    private static final Network NETWORK = Network.newNetwork();

    /** Containers on the network reach the broker as kafka:19092. */
    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0")
            .withNetwork(NETWORK).withListener("kafka:19092");

    private static final ImageFromDockerfile IMAGE = new ImageFromDockerfile("tributary-test",
            true).withDockerfile(MonitoringFiles.ROOT.resolve("Dockerfile"));

    @AfterAll
    static void closeNetwork() {
        NETWORK.close();
    }

    @Test
    void imageCreatesTheTopicsAndServesTheAdapterApiWithMetrics()
            throws IOException, InterruptedException {
        try (GenericContainer<?> topics = tributary("topics").withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
            topics.start();

            assertThat(topics.getLogs()).contains("created").contains("tributary.text.raw");
        }

        try (GenericContainer<?> serve = tributary("serve", "--host=0.0.0.0")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health").forPort(8080)
                        .withStartupTimeout(Duration.ofMinutes(3)))) {
            serve.start();
            ExecResult user = serve.execInContainer("id", "-u");
            String metrics = get(serve, "/metrics");

            assertThat(user.getStdout().strip()).isEqualTo("10001");
            assertThat(metrics).contains("tributary_adapt_model_version{");
        }
    }

    private static GenericContainer<?> tributary(String... command) {
        return new GenericContainer<>(IMAGE).withNetwork(NETWORK).dependsOn(KAFKA)
                .withEnv("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                .withCommand(command);
    }

    private static String get(GenericContainer<?> container, String path)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://" + container.getHost() + ":"
                + container.getMappedPort(8080) + path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return response.body();
    }
}
