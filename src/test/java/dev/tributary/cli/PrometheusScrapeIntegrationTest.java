package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.DataSetRecords;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MixedStream;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.RecordReplayer;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running system as an operator starts it, {@code ingest}, {@code train}, {@code embed}
 * and {@code serve}, each with its own /metrics, fed real data with some bad records in it and
 * scraped by Debian's Prometheus server, which must answer every query of the Grafana
 * dashboard and every alert expression with at least one series.
 *
 * <p>The monitoring files are read from the repository's {@code monitoring/} directory (or
 * {@code -Dtributary.monitoring.dir}); the test fails when they are not there. It skips only
 * where {@code /usr/bin/prometheus} is not installed ({@code apt-get install prometheus}).
 */
class PrometheusScrapeIntegrationTest {

    private static final Duration READY = Duration.ofSeconds(75);
    private static final String PREFIX = "scrape.";
    private static final String INSTANCE = "scrape-test";
    private static final List<String> SERVICES = List.of("ingest", "train", "embed", "serve");

    @TempDir
    static Path home;

    private static Path monitoring;
    private static EmbeddedKafkaBroker broker;
    private static PrometheusServer prometheus;
    private static final List<RunningCommand> commands = new ArrayList<>();

    @BeforeAll
    static void startTheSystemAndPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusServer.BINARY), PrometheusServer.BINARY
                + " is not installed (Debian package prometheus); skipping the scrape test");
        monitoring = Path.of(System.getProperty("tributary.monitoring.dir", "monitoring"));
        MonitoringExpression.requireFile(monitoring, MonitoringExpression.DASHBOARD);
        MonitoringExpression.requireFile(monitoring, MonitoringExpression.ALERTS);

        broker = EmbeddedKafkaBroker.builder().dataDir(home.resolve("kafka")).build().start();
        KafkaClients clients = KafkaClients.builder()
                .bootstrapServers(broker.bootstrapServers()).build();
        TopicNames topics = TopicNames.withPrefix(PREFIX);
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, topics, Duration.ofSeconds(30));
        }
        List<Fortune> fortunes = FortuneReader.readDefault().subList(0, 400);
        new BpeTrainer(BpeTrainerConfig.withVocabSize(300)).trainAndWrite(
                fortunes.stream().map(Fortune::text).toList(), home.resolve("tokenizer.json"));
        produce(clients, topics, fortunes);

        Map<String, Integer> metricsPorts = new LinkedHashMap<>();
        Map<String, String> targets = new LinkedHashMap<>();
        for (String service : SERVICES) {
            metricsPorts.put(service, PrometheusServer.freePort());
            targets.put(service, "127.0.0.1:" + metricsPorts.get(service));
        }
        prometheus = PrometheusServer.start(home.resolve("prometheus"), targets);
        int apiPort = PrometheusServer.freePort();
        // Serve starts first and is asked before any checkpoint exists: its 503 is the run's
        // one server error, without which the error ratios have no 5xx series to divide.
        commands.add(RunningCommand.start(command("serve", metricsPorts.get("serve"), apiPort)));
        awaitModelUnavailable(apiPort);
        for (String service : List.of("ingest", "embed", "train")) {
            commands.add(RunningCommand.start(command(service, metricsPorts.get(service),
                    apiPort)));
        }
        awaitTheLoop();
        callTheAdapter(apiPort);
    }

    private static void awaitModelUnavailable(int apiPort) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + "/health")).GET().build();
        await("serve answering 503 before the first checkpoint").atMost(READY)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast(PrometheusScrapeIntegrationTest::aCommandStopped)
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 503);
    }

    private static void produce(KafkaClients clients, TopicNames topics, List<Fortune> fortunes)
            throws IOException {
        FashionMnist images = FashionMnist.load(FashionMnist.Split.TEST);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordReplayer.replay(producer, MixedStream.of(DataSetRecords.fashionMnist(images),
                    MalformedRecords.images("scrape/bad/"), 40),
                    new RecordReplayer.Options(topics.imagesRaw(), 0, 200, false), (n, t) -> { });
            RecordReplayer.replay(producer, MixedStream.of(DataSetRecords.fortunes(fortunes),
                    MalformedRecords.texts("scrape/bad/", 65_536), 40),
                    new RecordReplayer.Options(topics.textRaw(), 0, 300, false), (n, t) -> { });
        }
    }

    /** Each command's arguments: small models, quick checkpoints, its own metrics port. */
    private static List<String> command(String service, int metricsPort, int apiPort) {
        List<String> args = new ArrayList<>(List.of(service,
                "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                "--metrics-port", Integer.toString(metricsPort), "--instance", INSTANCE));
        String tokenizer = home.resolve("tokenizer.json").toString();
        switch (service) {
            case "ingest" -> args.addAll(List.of("--tokenizer", tokenizer,
                    "--state-dir", home.resolve("streams").toString(), "--threads", "1",
                    "--image-batch-size", "32", "--text-batch-size", "4",
                    "--sequence-length", "16", "--linger", "300ms"));
            case "train" -> args.addAll(List.of("--tokenizer", tokenizer,
                    "--checkpoint-dir", home.resolve("checkpoints").toString(),
                    "--checkpoint-every-steps", "2", "--checkpoint-every", "1s",
                    "--replay-capacity", "64",
                    "--lm", "layers=1", "--lm", "width=32", "--lm", "heads=2",
                    "--lm", "contextLength=16",
                    "--simclr", "stemWidth=8", "--simclr", "stageWidths=16,32",
                    "--simclr", "projectionHidden=32", "--simclr", "projectionSize=16"));
            case "embed" -> args.addAll(List.of("--batch-size", "16"));
            case "serve" -> args.addAll(List.of("--port", Integer.toString(apiPort),
                    "--threads", "2"));
            default -> throw new IllegalArgumentException(service);
        }
        return args;
    }

    /** Every target up, both models published, embedded with and in service. */
    private static void awaitTheLoop() {
        await("all four targets up").atMost(READY).pollInterval(Duration.ofMillis(500))
                .failFast(PrometheusScrapeIntegrationTest::aCommandStopped)
                .until(() -> prometheus.allTargetsUp(SERVICES.size()));
        for (String ready : List.of("tributary_checkpoint_version >= 1",
                "tributary_embed_model_version >= 1", "tributary_adapt_model_version >= 1")) {
            await(ready).atMost(READY).pollInterval(Duration.ofMillis(500))
                    .failFast(PrometheusScrapeIntegrationTest::aCommandStopped)
                    .until(() -> prometheus.seriesCount(ready) == 2);
        }
    }

    private static boolean aCommandStopped() {
        return !prometheus.isAlive() || commands.stream().anyMatch(c -> !c.isRunning());
    }

    /**
     * A few requests, so that the adapter's request, probe and fine-tuning meters exist, and
     * two scrapes of them.
     */
    private static void callTheAdapter(int apiPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + apiPort;
        for (HttpRequest request : List.of(
                HttpRequest.newBuilder(URI.create(base + "/v1/models")).GET().build(),
                HttpRequest.newBuilder(URI.create(base + "/v1/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"prompt\": \"The\", \"max_tokens\": 4}")).build(),
                post(base + "/v1/probes/scrape/fit",
                        "{\"dataset\": \"fashion-mnist\", \"limit\": 200}"),
                post(base + "/v1/finetune", "{\"name\": \"scrape\", \"model\": \"simclr\", "
                        + "\"dataset\": \"fashion-mnist\", \"limit\": 200, \"steps\": 2, "
                        + "\"batch_size\": 16}"),
                HttpRequest.newBuilder(URI.create(base + "/nowhere")).GET().build())) {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s: %s", request.uri(), response.body())
                    .isIn(200, 202, 404);
        }
        String scraped = "count_over_time(tributary_adapt_requests_total[1m]) >= 3";
        await(scraped).atMost(READY).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.seriesCount(scraped) >= 4);
    }

    private static HttpRequest post(String uri, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        try {
            for (int i = commands.size() - 1; i >= 0; i--) {
                commands.get(i).close();
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void everyServiceIsScrapedWithItsServiceAndInstanceTags() {
        String query = "count by (job, service, instance) (jvm_threads_live_threads)";
        assertThat(prometheus.query(query).path("data").path("result"))
                .extracting(series -> series.path("metric").path("job").asText() + "/"
                        + series.path("metric").path("service").asText() + "/"
                        + series.path("metric").path("instance").asText())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                        .map(s -> s + "/" + s + "/" + INSTANCE).toList());
    }

    @Test
    void everyDashboardQueryReturnsSeries() throws IOException {
        assertEveryExpressionReturnsSeries(MonitoringExpression.dashboard(monitoring));
    }

    @Test
    void everyAlertExpressionEvaluatesOverSeriesThatExist() throws IOException {
        assertEveryExpressionReturnsSeries(MonitoringExpression.alerts(monitoring));
    }

    @Test
    void everyTributaryMeterScrapedIsInTheReadmeTableAndNoOtherIs() throws IOException {
        List<String> scraped = prometheus.metricNames().stream()
                .filter(name -> name.startsWith("tributary_")).toList();
        ReadmeMetrics readme = ReadmeMetrics.read(Path.of("README.md"));

        assertThat(scraped).as("scraped meters missing from the README's Metrics table; "
                + "Prometheus knows them as %s", prometheus.metadata())
                .allMatch(readme::documents);
        assertThat(readme.names()).as("names in the README's Metrics table")
                .allMatch(name -> scraped.contains(name)
                        || ReadmeMetrics.ONLY_AFTER_THE_FIRST_EVENT.contains(name));
    }

    private static void assertEveryExpressionReturnsSeries(List<MonitoringExpression> all) {
        assertThat(all).as("expressions found").isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (MonitoringExpression expression : all) {
            JsonNode answer = prometheus.query(expression.query());
            String context = String.format("%s, %s:%n  written: %s%n  queried: %s%n  answer: %s",
                    expression.file(), expression.where(), expression.written(),
                    expression.query(), answer);
            softly.assertThat(answer.path("status").asText()).as(context).isEqualTo("success");
            softly.assertThat(answer.path("data").path("result").size())
                    .as("series of " + context).isPositive();
        }
        softly.assertAll();
    }
}
