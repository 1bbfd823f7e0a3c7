package dev.tributary.cli;

import dev.tributary.adapt.AdapterConfig;
import dev.tributary.adapt.AdapterService;
import dev.tributary.adapt.EmbedLoadBenchmark;
import dev.tributary.cli.BenchServeTable.LatencyRow;
import dev.tributary.cli.BenchServeTable.SwapRow;
import dev.tributary.data.DataSets;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.Fortune;
import dev.tributary.embed.EmbedConfig;
import dev.tributary.embed.EmbedLatencyBenchmark;
import dev.tributary.embed.EmbedService;
import dev.tributary.embed.Modality;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.TextTokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Latency of the embed service and the adapter's /v1/embed, and checkpoint swap times. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Produce-to-embedding latency of the embed service at a fixed input rate, "
                + "open-loop POST /v1/embed latency of the adapter service at a fixed request "
                + "rate, and the time from a checkpoint's publication to its first use by each, "
                + "on an embedded broker with default-shaped SimCLR and language models.")
final class BenchServeCommand implements Callable<Integer> {

    private static final String ENGINE_THREADS = "ai.djl.pytorch.num_threads";
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(15);
    private static final int INPUTS = 1_000;
    private static final int TOKENIZER_DOCUMENTS = 3_000;

    @Option(names = "--image-rate", defaultValue = "500",
            description = "Images a second sent to the embed service (default: ${DEFAULT-VALUE}).")
    double imageRate;

    @Option(names = "--text-rate", defaultValue = "100",
            description = "Documents a second sent to the embed service "
                    + "(default: ${DEFAULT-VALUE}).")
    double textRate;

    @Option(names = "--requests-per-second", defaultValue = "200",
            description = "POST /v1/embed requests a second (default: ${DEFAULT-VALUE}).")
    double requestsPerSecond;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Most HTTP requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "Timed window of each latency row (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Untimed load before each window (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--swaps", defaultValue = "3",
            description = "Checkpoints published per model to time swaps; the table shows "
                    + "medians (default: ${DEFAULT-VALUE}).")
    int swaps;

    @Option(names = "--engine-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int engineThreads;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty(ENGINE_THREADS) == null) {
            System.setProperty(ENGINE_THREADS, Integer.toString(engineThreads)); // read once
        }
        String loadAverage = loadAverage();
        DataSets dataSets = DataSets.standard();
        FashionMnist mnist = FashionMnist.load(dataSets.fashionMnist(), FashionMnist.Split.TEST);
        List<String> fortunes = FortuneReader.readDirectory(dataSets.fortunes()).stream()
                .map(Fortune::text).toList();
        BenchServeInputs inputs = BenchServeInputs.of(mnist, fortunes, INPUTS);
        Path work = Files.createTempDirectory("tributary-bench-serve");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(work.resolve("kafka")).build().start()) {
            KafkaClients clients = KafkaClients.builder()
                    .bootstrapServers(broker.bootstrapServers()).build();
            TopicNames topics = TopicNames.withPrefix("bench-serve.");
            try (Admin admin = Admin.create(clients.admin())) {
                TopicSetup.defaults().apply(admin, topics, Duration.ofSeconds(30));
            }
            System.out.printf("Training a 4,096-token BPE tokenizer on %,d fortunes...%n",
                    Math.min(TOKENIZER_DOCUMENTS, fortunes.size()));
            String json = new BpeTrainer(BpeTrainerConfig.defaults()).train(fortunes.subList(0,
                    Math.min(TOKENIZER_DOCUMENTS, fortunes.size()))).toTokenizerJson();
            try (TextTokenizer tokenizer = TextTokenizer.fromJson(json);
                    BenchServeModels models = new BenchServeModels(clients, topics, tokenizer,
                            mnist, fortunes)) {
                BenchServeTable table = new BenchServeTable();
                run(clients, topics, models, inputs, table);
                table.print(heading(loadAverage));
            }
        }
        return 0;
    }

    private void run(KafkaClients clients, TopicNames topics, BenchServeModels models,
            BenchServeInputs inputs, BenchServeTable table) throws Exception {
        System.out.println("Publishing default-shaped simclr and lm checkpoints v1...");
        models.publishImages();
        models.publishText();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbedService images = embedService(Modality.IMAGES, clients, topics, registry);
                EmbedService text = embedService(Modality.TEXT, clients, topics, registry);
                AdapterService adapter = AdapterService.start(AdapterConfig.defaults()
                        .withPort(0), clients.admin(), topics.checkpoints(), registry)) {
            awaitReady(images, text, adapter);
            table.add(embedRow("embed images (Kafka)", images, clients, topics, inputs.images(),
                    imageRate));
            table.add(embedRow("embed text (Kafka)", text, clients, topics, inputs.texts(),
                    textRate));
            table.add(httpRow("POST /v1/embed image", adapter.port(), inputs.imageBodies()));
            table.add(httpRow("POST /v1/embed text", adapter.port(), inputs.textBodies()));
            new BenchServeSwaps(clients, topics, adapter.port(), inputs, models, swaps,
                    SWAP_TIMEOUT).measure(imageRate, textRate,
                            Math.min(requestsPerSecond, 50)).forEach(table::add);
        }
    }

    private static EmbedService embedService(Modality modality, KafkaClients clients,
            TopicNames topics, SimpleMeterRegistry registry) {
        EmbedService service = new EmbedService(EmbedConfig.defaults(modality, "bench-serve."),
                clients, topics, registry);
        service.start();
        return service;
    }

    /** Waits until both embed services have partitions and the adapter serves both models. */
    private static void awaitReady(EmbedService images, EmbedService text,
            AdapterService adapter) throws InterruptedException {
        System.out.println("Starting the embed services and the adapter service...");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (images.assignment().isEmpty() || text.assignment().isEmpty()
                || adapter.images().version() < 1 || adapter.text().version() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the services were not ready within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private LatencyRow embedRow(String path, EmbedService service, KafkaClients clients,
            TopicNames topics, List<byte[]> values, double rate) throws InterruptedException {
        System.out.printf("Measuring %s at %,.0f/s: %d s warm-up, then %d s...%n", path, rate,
                warmup.toSeconds(), duration.toSeconds());
        EmbedLatencyBenchmark.Window window;
        try (EmbedLatencyBenchmark bench = new EmbedLatencyBenchmark(clients, topics,
                service.modality(), values, rate)) {
            bench.start();
            window = bench.measure(warmup, duration);
        }
        LatencyRow row = new LatencyRow(path, rate, window.latencyNanos().length
                / window.seconds(), LatencySummary.ofNanos(window.latencyNanos()), 0, 100);
        progress(row);
        return row;
    }

    private LatencyRow httpRow(String path, int port, List<byte[]> bodies)
            throws InterruptedException {
        System.out.printf("Measuring %s at %,.0f/s, %d in flight at most: %d s warm-up, "
                + "then %d s...%n", path, requestsPerSecond, concurrency, warmup.toSeconds(),
                duration.toSeconds());
        EmbedLoadBenchmark.Window window;
        try (EmbedLoadBenchmark bench = new EmbedLoadBenchmark(port, bodies, requestsPerSecond,
                concurrency)) {
            bench.start();
            window = bench.measure(warmup, duration);
        }
        LatencyRow row = new LatencyRow(path, requestsPerSecond, window.latencyNanos().length
                / window.seconds(), LatencySummary.ofNanos(window.latencyNanos()),
                window.failed(), 20);
        progress(row);
        return row;
    }

    private static void progress(LatencyRow row) {
        System.out.printf("  %,d results, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                row.latency().count(), row.latency().p50Ms(), row.latency().p99Ms(),
                row.latency().maxMs());
    }

    /** The one-minute load average, which says how much the cores were shared; "?" if unknown. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private String heading(String loadAverage) {
        return String.format("Serving benchmark: embedded broker in this JVM, %d cores (load "
                + "average %s at the start), %d intra-op thread(s), default-shaped simclr and "
                + "lm; %d s windows after %d s warm-up.%nKafka rows: from the producer's "
                + "send() to the embedding's arrival at a read_committed consumer.%nHTTP rows: "
                + "open loop, from when a request was due to its full response, at most %d in "
                + "flight.", Runtime.getRuntime()
                .availableProcessors(), loadAverage,
                Integer.getInteger(ENGINE_THREADS, engineThreads),
                duration.toSeconds(), warmup.toSeconds(), concurrency);
    }
}
