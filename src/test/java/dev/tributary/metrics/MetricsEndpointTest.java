package dev.tributary.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ingest.IngestMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /metrics endpoint as Prometheus sees it, over real HTTP on a free loopback port. */
class MetricsEndpointTest {

    private static final String TAGS = "instance=\"test-host\",service=\"ingest\"";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ProcessMeters meters;
    private MetricsEndpoint endpoint;
    private KafkaProducer<String, String> producer;
    private KafkaClientMetrics producerMetrics;

    @BeforeEach
    void start() throws IOException {
        meters = ProcessMeters.create(Service.INGEST, "test-host");
        endpoint = meters.expose("127.0.0.1", 0);
        new IngestMetrics(meters.registry(), "text");
        producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new StringSerializer());
        producerMetrics = KafkaClientMeters.bind(meters.registry(), producer);
    }

    /** A real producer; it never needs its broker, whose port nobody listens on. */
    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "endpoint-test");
        return props;
    }

    @AfterEach
    void stop() {
        producerMetrics.close();
        producer.close(Duration.ZERO);
        meters.close();
    }

    @Test
    void scrapeHasTributaryJvmAndKafkaMetersWithTheCommonTags() throws Exception {
        HttpResponse<String> response = get("/metrics", "text/plain");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body())
                .containsPattern("(?m)^tributary_ingest_records_total\\{" + TAGS
                        + ",topology=\"text\"} 0\\.0$")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\","
                        + TAGS + "} \\d")
                .containsPattern("(?m)^kafka_producer_record_send_total\\{"
                        + "client_id=\"endpoint-test\",instance=\"test-host\",kafka_version="
                        + "\"[^\"]+\",service=\"ingest\"} 0\\.0$");
    }

    @Test
    void answersInOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> response = get("/metrics",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;q=0.3");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(response.body()).contains("# TYPE tributary_ingest_records counter")
                .endsWith("# EOF\n");
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
        assertThat(get("/", "*/*").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/extra", "*/*").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void closingTheBinderTakesTheClientsMetersAway() throws Exception {
        producerMetrics.close();

        assertThat(get("/metrics", "text/plain").body()).doesNotContain("kafka_producer_")
                .contains("tributary_ingest_records_total");
    }

    @Test
    void urlNamesTheBoundPort() {
        assertThat(endpoint.port()).isPositive();
        assertThat(endpoint.url()).hasToString(
                "http://127.0.0.1:" + endpoint.port() + "/metrics");
    }

    private HttpResponse<String> get(String path, String accept)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }
}
