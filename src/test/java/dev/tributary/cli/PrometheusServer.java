package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus server on a free loopback port, scraping the given targets every second
 * into a storage directory of its own, with its HTTP query API at hand.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts scraping each target (host:port, path /metrics) as a job of its own, the way
     * {@code monitoring/prometheus/prometheus.yml} does: the job is named for the service and
     * honours the {@code instance} label that Tributary sets on every meter.
     *
     * @param targets host:port by job name
     */
    static PrometheusServer start(Path directory, Map<String, String> targets)
            throws IOException {
        Files.createDirectories(directory);
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, config(targets));
        int port = freePort();
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        return new PrometheusServer(process, port);
    }

    private static String config(Map<String, String> targets) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        targets.forEach((job, target) -> yaml.append("""
                  - job_name: %s
                    honor_labels: true
                    static_configs:
                      - targets: ['%s']
                """.formatted(job, target)));
        return yaml.toString();
    }

    /** A loopback port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the server answers and every target's last scrape succeeded. */
    boolean allTargetsUp(int expected) {
        JsonNode active = get("/api/v1/targets?state=active").path("data").path("activeTargets");
        int up = 0;
        for (JsonNode target : active) {
            up += "up".equals(target.path("health").asText()) ? 1 : 0;
        }
        return up == expected;
    }

    /** The {@code /api/v1/query} answer for an instant query at the current time. */
    JsonNode query(String expression) {
        return get("/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    }

    /** How many series an instant query returns; 0 when it fails or the server is not up. */
    int seriesCount(String expression) {
        JsonNode answer = query(expression);
        return "success".equals(answer.path("status").asText())
                ? answer.path("data").path("result").size() : 0;
    }

    /** The names of every series stored so far. */
    List<String> metricNames() {
        List<String> names = new ArrayList<>();
        get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Type, help and unit of every metric scraped, as Prometheus keeps them. */
    JsonNode metadata() {
        return get("/api/v1/metadata").path("data");
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            // Not listening yet, or a body that is not JSON: an answer without a status.
            return JSON.createObjectNode().put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking Prometheus", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
