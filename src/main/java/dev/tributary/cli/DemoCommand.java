package dev.tributary.cli;

import dev.tributary.data.DataSetRecords;
import dev.tributary.data.DataSets;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MixedStream;
import dev.tributary.data.RawRecord;
import dev.tributary.ingest.IngestService;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.RecordReplayer;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.metrics.ProcessMeters;
import dev.tributary.metrics.Service;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The whole loop on one machine: broker, data, ingest, training, with a live status line. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole loop on an embedded Kafka broker with real data sets: "
                + "replay Fashion-MNIST and fortunes, with some bad records mixed in, through "
                + "the ingest topologies into both trainers, which publish checkpoints; a "
                + "status line every few seconds until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrapServers;

    @Mixin
    IngestOptions options;

    @Mixin
    TrainOptions training;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    DemoServingOptions serving;

    @Option(names = "--image-rate", defaultValue = "200",
            description = "Images a second to replay (default: ${DEFAULT-VALUE}).")
    double imageRate;

    @Option(names = "--text-rate", defaultValue = "50",
            description = "Documents a second to replay (default: ${DEFAULT-VALUE}).")
    double textRate;

    @Option(names = "--bad-every", defaultValue = "200", paramLabel = "N",
            description = "Mix one malformed record in after every N good ones, to show the "
                    + "dead-letter topic at work; 0 for none (default: ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop by itself after this long, e.g. 5m (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--status-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() throws Exception {
        serving.applyEngineThreads(); // before anything loads the engine
        Path home = TributaryHome.directory().resolve("demo");
        DataSets dataSets = DataSets.standard();
        FashionMnist images = FashionMnist.load(dataSets.fashionMnist(), FashionMnist.Split.TRAIN);
        List<Fortune> fortunes = FortuneReader.readDirectory(dataSets.fortunes());
        System.out.printf("Data: %,d Fashion-MNIST images, %,d fortunes.%n", images.count(),
                fortunes.size());

        ShutdownSignal signal = ShutdownSignal.install();
        try (EmbeddedKafkaBroker broker = bootstrapServers == null ? startBroker(home) : null) {
            KafkaClients clients = KafkaClients.builder()
                    .bootstrapServers(broker != null ? broker.bootstrapServers() : bootstrapServers)
                    .build();
            KafkaClients.requireReachable(clients.admin(), Duration.ofSeconds(10));
            TopicNames topics = TopicNames.defaults();
            createTopics(clients, topics);
            Path tokenizer = tokenizer(home.resolve("tokenizer.json"), fortunes);
            run(clients, topics, home, tokenizer, images, fortunes, signal);
        } finally {
            signal.finished();
        }
        return 0;
    }

    private void run(KafkaClients clients, TopicNames topics, Path home, Path tokenizer,
            FashionMnist images, List<Fortune> fortunes, ShutdownSignal signal)
            throws InterruptedException, IOException {
        IngestService.Settings settings = new IngestService.Settings(clients, topics,
                TopicNames.DEFAULT_PREFIX + "demo.", home.resolve("streams"), 1,
                options.text(tokenizer), options.images());
        if (training.checkpointDir == null) {
            training.checkpointDir = home.resolve("checkpoints");
        }
        training.defaultCheckpointEvery = Duration.ofSeconds(20);
        ProcessMeters meters = metrics.start(Service.DEMO);
        MeterRegistry registry = meters.registry();
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try (meters; IngestService ingest = new IngestService(settings, registry);
                RunningTrainers trainers = RunningTrainers.start(clients, topics,
                        TopicNames.DEFAULT_PREFIX + "demo.", training, true, tokenizer, registry);
                DemoServing services = DemoServing.start(clients, topics,
                        TopicNames.DEFAULT_PREFIX + "demo.", serving, images, registry);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                        new StringSerializer(), new ByteArraySerializer())) {
            ingest.start();
            producers.submit(() -> replay(producer, topics.imagesRaw(), imageRate,
                    MixedStream.of(DataSetRecords.fashionMnist(images),
                            MalformedRecords.images("demo/bad/"), badEvery)));
            producers.submit(() -> replay(producer, topics.textRaw(), textRate,
                    MixedStream.of(DataSetRecords.fortunes(fortunes),
                            MalformedRecords.texts("demo/bad/", options.maxTextBytes), badEvery)));
            System.out.printf("Replaying %.0f images/s and %.0f documents/s. Ctrl-C stops.%n",
                    imageRate, textRate);
            printStatusUntilStopped(ingest, trainers, services, signal);
            producers.shutdownNow();
            producers.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.out.println("Demo stopped.");
    }

    private void printStatusUntilStopped(IngestService ingest, RunningTrainers trainers,
            DemoServing services, ShutdownSignal signal) {
        long start = System.nanoTime();
        while (!signal.await(statusEvery)) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.printf("[%02d:%02d] %s%n        %s%n        %s%n", seconds / 60,
                    seconds % 60, IngestStatus.of(ingest), trainers.status(), services.status());
            if (trainers.failure().isPresent()) {
                throw new IllegalStateException("a trainer stopped: "
                        + trainers.failure().get().getMessage(), trainers.failure().get());
            }
            services.failure().ifPresent(e -> {
                throw new IllegalStateException("an embed service stopped: " + e.getMessage(), e);
            });
            if (duration != null && seconds >= duration.toSeconds()) {
                return;
            }
        }
    }

    private static void replay(KafkaProducer<String, byte[]> producer, String topic,
            double rate, Supplier<Iterator<RawRecord>> records) {
        try {
            RecordReplayer.replay(producer, records,
                    new RecordReplayer.Options(topic, rate, 0, true), (sent, nanos) -> { });
        } catch (RuntimeException e) {
            log.error("Replaying into {} stopped: {}", topic, e.getMessage(), e);
        }
    }

    private static EmbeddedKafkaBroker startBroker(Path home) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(home.resolve("kafka")).port(0).build().start();
        System.out.printf("Kafka broker running at %s (%.1f s to start).%n",
                broker.bootstrapServers(), broker.startDuration().toMillis() / 1000.0);
        return broker;
    }

    private static void createTopics(KafkaClients clients, TopicNames topics) {
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, topics, Duration.ofSeconds(30));
        }
    }

    /** The demo's tokenizer, trained on the fortunes the first time. */
    private static Path tokenizer(Path file, List<Fortune> fortunes) throws IOException {
        if (!Files.isRegularFile(file)) {
            System.out.println("Training a 4,096-token BPE tokenizer on the fortunes...");
            new BpeTrainer(BpeTrainerConfig.defaults())
                    .trainAndWrite(fortunes.stream().map(Fortune::text).toList(), file);
        }
        return file;
    }
}
