package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, as a newcomer runs it, for a few seconds on a fresh home directory: ingest, both
 * trainers, the embed services, the adapter HTTP service and the linear probes.
 */
class DemoCommandTest {

    private static final Pattern TRAINING = Pattern.compile(
            "simclr loss [\\d.]+, [\\d,]+ samples/s, v(\\d+)"
                    + " \\| lm loss [\\d.]+, [\\d,]+ samples/s, v(\\d+)");
    private static final Pattern EMBEDDED = Pattern.compile(
            "embedded images v(\\d+): ([\\d,]+) \\| text v(\\d+): ([\\d,]+)");
    private static final Pattern ADAPTER = Pattern.compile(
            "Adapter service at (http://127\\.0\\.0\\.1:\\d+) \\(try: curl \\1/v1/models\\)");
    private static final Pattern PROBE = Pattern.compile(
            "Linear probe on simclr v\\d+: (0\\.\\d+|1\\.000) accuracy on 300 Fashion-MNIST");
    private static final Pattern METRICS = Pattern.compile(
            "Metrics for Prometheus at (http://127\\.0\\.0\\.1:\\d+/metrics)");
    private static final Pattern STATUS = Pattern.compile(
            "images ([\\d,]+) in, ([\\d,]+) batches \\| text ([\\d,]+) in, ([\\d,]+) batches"
                    + " \\| DLQ ([\\d,]+)");

    @Test
    void demoIngestsTrainsEmbedsServesAndShowsDeadLetters(@TempDir Path home) throws Exception {
        System.setProperty("tributary.home", home.toString());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CompletableFuture<Integer> health = CompletableFuture.supplyAsync(
                () -> healthOnceReady(captured));
        CompletableFuture<String> scrape = CompletableFuture.supplyAsync(
                () -> scrapeOnceTraining(captured));
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("demo", "--duration", "30s", "--status-every", "5s",
                    "--image-rate", "400", "--text-rate", "100", "--bad-every", "20",
                    "--linger", "500ms", "--checkpoint-every", "3s", "--adapter-port", "0",
                    "--metrics-port", Integer.toString(freePort()),
                    "--probe-every", "1", "--probe-train-images", "300",
                    "--probe-test-images", "300");
        } finally {
            System.setOut(original);
            System.clearProperty("tributary.home");
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Kafka broker running at 127.0.0.1:").contains("Demo stopped.");
        Matcher last = lastStatus(output);
        assertThat(number(last.group(1))).as("images in").isPositive();
        assertThat(number(last.group(2))).as("image batches").isPositive();
        assertThat(number(last.group(3))).as("documents in").isPositive();
        assertThat(number(last.group(4))).as("text batches").isPositive();
        assertThat(number(last.group(5))).as("dead letters").isPositive();
        Matcher training = last(TRAINING, output);
        assertThat(number(training.group(1))).as("image checkpoint version").isPositive();
        assertThat(number(training.group(2))).as("text checkpoint version").isPositive();
        Matcher embedded = last(EMBEDDED, output);
        assertThat(number(embedded.group(2))).as("images embedded").isPositive();
        assertThat(number(embedded.group(4))).as("documents embedded").isPositive();
        assertThat(health.get(5, TimeUnit.SECONDS)).as("GET /health while running")
                .isEqualTo(200);
        assertThat(scrape.get(5, TimeUnit.SECONDS)).as("GET /metrics while running")
                .contains("tributary_train_loss{").contains("service=\"demo\"");
        assertThat(Double.parseDouble(last(PROBE, output).group(1))).as("probe accuracy")
                .isGreaterThan(0.1);
    }

    /** Once the demo prints the adapter's address, the status of /health when it is 200. */
    private static int healthOnceReady(ByteArrayOutputStream output) {
        Matcher[] address = new Matcher[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            address[0] = ADAPTER.matcher(output.toString(StandardCharsets.UTF_8));
            return address[0].find();
        });
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(address[0].group(1) + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        int[] status = new int[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
            status[0] = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status[0] == 200;
        });
        return status[0];
    }

    /** Once the demo prints where its metrics are, a scrape that has a training loss. */
    private static String scrapeOnceTraining(ByteArrayOutputStream output) {
        Matcher[] address = new Matcher[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            address[0] = METRICS.matcher(output.toString(StandardCharsets.UTF_8));
            return address[0].find();
        });
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(address[0].group(1)))
                .timeout(Duration.ofSeconds(5)).build();
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
            body[0] = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return body[0].contains("tributary_train_loss{");
        });
        return body[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Matcher lastStatus(String output) {
        return last(STATUS, output);
    }

    private static Matcher last(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        Matcher last = null;
        while (matcher.find()) {
            last = pattern.matcher(matcher.group());
            last.find();
        }
        assertThat(last).as("a line matching %s in:%n%s", pattern, output).isNotNull();
        return last;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
