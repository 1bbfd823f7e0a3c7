package dev.tributary.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Debian's docker-compose reads it, kept in step with the README's
 * list of services and with the Prometheus scrape jobs.
 */
class ComposeFileTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A row of the README's service table: its first cell, a service name in backticks. */
    private static final Pattern SERVICE_ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|");

    private ExternalTool compose;

    @BeforeEach
    void findCompose() {
        compose = ExternalTool.require("docker-compose", "docker-compose");
    }

    @Test
    void composeFileIsValid() {
        ExternalTool.Run run = compose.run(MonitoringFiles.ROOT, TIMEOUT,
                "-f", "docker-compose.yml", "config", "-q");

        assertThat(run.succeeded()).as(run.report()).isTrue();
    }

    @Test
    void readmeDocumentsExactlyTheServicesTheComposeFileHas() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher row = SERVICE_ROW.matcher(composeSection());
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> services = new TreeSet<>();
        services().fieldNames().forEachRemaining(services::add);

        assertThat(documented).isNotEmpty().isEqualTo(services);
    }

    @Test
    void everyServiceServingMetricsIsAScrapeJobOnItsPort() throws IOException {
        JsonNode scrape = new YAMLMapper().readTree(
                MonitoringFiles.PROMETHEUS.resolve("prometheus.yml").toFile());
        Set<String> jobs = new TreeSet<>();
        for (JsonNode job : scrape.path("scrape_configs")) {
            jobs.add(job.path("job_name").asText());
        }
        Set<String> serving = new TreeSet<>();
        services().fields().forEachRemaining(service -> {
            if (service.getValue().path("command").toString().contains("--metrics-host=0.0.0.0")) {
                serving.add(service.getKey());
            }
        });

        assertThat(serving).containsExactlyInAnyOrder("ingest", "train", "embed", "serve");
        assertThat(jobs).containsAll(serving);
    }

    /** The services as docker-compose resolves them, anchors and merges applied. */
    private JsonNode services() throws IOException {
        ExternalTool.Run run = compose.run(MonitoringFiles.ROOT, TIMEOUT,
                "-f", "docker-compose.yml", "config");
        assertThat(run.succeeded()).as(run.report()).isTrue();
        return new YAMLMapper().readTree(run.output()).path("services");
    }

    private static String composeSection() throws IOException {
        String readme = Files.readString(MonitoringFiles.README);
        int start = readme.indexOf("\n## Run with Docker Compose\n");
        assertThat(start).as("README.md section \"Run with Docker Compose\"").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
