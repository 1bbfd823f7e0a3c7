package dev.tributary.cli;

import dev.tributary.data.DataSetRecords;
import dev.tributary.data.DataSets;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.RawRecord;
import dev.tributary.ingest.IngestBenchmark;
import dev.tributary.ingest.IngestBenchmark.Pass;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.RecordReplayer;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks that print a table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput and print a table.",
        subcommands = {BenchCommand.Ingest.class, BenchTrainCommand.class,
            BenchServeCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Records/s through each ingest topology next to a plain consumer "
                    + "reading the same raw records, on an embedded broker; medians of "
                    + "--repeats runs.")
    static final class Ingest implements Callable<Integer> {

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
                description = "Use this cluster instead of an embedded broker.")
        String bootstrapServers;

        @Option(names = "--images", defaultValue = "102400",
                description = "Fashion-MNIST PNG images to ingest (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--documents", defaultValue = "60000",
                description = "Fortunes to ingest (default: ${DEFAULT-VALUE}).")
        int documents;

        @Option(names = "--repeats", defaultValue = "3",
                description = "Timed runs of each path; the table shows medians "
                        + "(default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--threads", paramLabel = "N",
                description = "Stream threads per topology (default: one per core).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            DataSets dataSets = DataSets.standard();
            FashionMnist mnist = FashionMnist.load(dataSets.fashionMnist(),
                    FashionMnist.Split.TRAIN);
            List<Fortune> fortunes = FortuneReader.readDirectory(dataSets.fortunes());
            Path work = Files.createTempDirectory("tributary-bench");
            try (EmbeddedKafkaBroker broker = bootstrapServers == null
                    ? EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).build().start()
                    : null) {
                KafkaClients clients = KafkaClients.builder().bootstrapServers(
                        broker != null ? broker.bootstrapServers() : bootstrapServers).build();
                String run = "bench-" + System.currentTimeMillis() + ".";
                TopicNames topics = TopicNames.withPrefix(run);
                prepare(clients, topics, mnist, fortunes);
                Path tokenizer = work.resolve("tokenizer.json");
                new BpeTrainer(BpeTrainerConfig.defaults()).trainAndWrite(
                        fortunes.stream().map(Fortune::text).toList(), tokenizer);
                int streamThreads = threads != null ? threads
                        : Runtime.getRuntime().availableProcessors();
                IngestBenchmark bench = new IngestBenchmark(clients, topics,
                        work.resolve("streams"), streamThreads);
                print(measure(bench, run, tokenizer), streamThreads);
            }
            return 0;
        }

        private void prepare(KafkaClients clients, TopicNames topics, FashionMnist mnist,
                List<Fortune> fortunes) {
            try (Admin admin = Admin.create(clients.admin())) {
                TopicSetup.defaults().apply(admin, topics, Duration.ofSeconds(30));
            }
            System.out.printf("Producing %,d images and %,d documents...%n", images, documents);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                    new StringSerializer(), new ByteArraySerializer())) {
                produce(producer, topics.imagesRaw(), DataSetRecords.fashionMnist(mnist), images);
                produce(producer, topics.textRaw(), DataSetRecords.fortunes(fortunes), documents);
            }
        }

        private static void produce(KafkaProducer<String, byte[]> producer, String topic,
                Supplier<Iterator<RawRecord>> records, int count) {
            RecordReplayer.replay(producer, records,
                    new RecordReplayer.Options(topic, 0, count, true), (sent, nanos) -> { });
        }

        private List<Row> measure(IngestBenchmark bench, String run, Path tokenizer) {
            List<Pass> plainImages = new ArrayList<>();
            List<Pass> topologyImages = new ArrayList<>();
            List<Pass> plainText = new ArrayList<>();
            List<Pass> topologyText = new ArrayList<>();
            IngestOptionsHolder holder = new IngestOptionsHolder();
            new picocli.CommandLine(holder).parseArgs();
            IngestOptions defaults = holder.options;
            defaults.linger = Duration.ofMillis(200);
            // Run 0 warms the JIT and the broker up and is not counted: a cold pass over
            // these record counts runs at about half the speed of the next ones.
            for (int r = 0; r <= repeats; r++) {
                System.out.println(r == 0 ? "Warm-up run..." : "Run " + r + " of " + repeats
                        + "...");
                TopicNames topics = TopicNames.withPrefix(run);
                Pass plainImage = bench.plainConsumer(topics.imagesRaw(), images);
                Pass topologyImage = bench.topology(run + "r" + r + ".", null, defaults.images(),
                        images);
                Pass plainDocument = bench.plainConsumer(topics.textRaw(), documents);
                Pass topologyDocument = bench.topology(run + "r" + r + ".",
                        defaults.text(tokenizer), null, documents);
                if (r > 0) {
                    plainImages.add(plainImage);
                    topologyImages.add(topologyImage);
                    plainText.add(plainDocument);
                    topologyText.add(topologyDocument);
                }
            }
            double plainImageRate = Row.median(plainImages, Pass::recordsPerSecond);
            double plainTextRate = Row.median(plainText, Pass::recordsPerSecond);
            return List.of(
                    new Row("plain consumer, images", images, plainImageRate, 0, Double.NaN),
                    Row.of("image ingest topology", images, topologyImages, plainImageRate),
                    new Row("plain consumer, text", documents, plainTextRate, 0, Double.NaN),
                    Row.of("text ingest topology", documents, topologyText, plainTextRate));
        }

        private void print(List<Row> rows, int streamThreads) {
            System.out.printf("%nIngest benchmark: medians of %d runs, %d stream thread(s), "
                    + "%d cores, embedded broker in this JVM%n%n", repeats, streamThreads,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-26s %9s %12s %13s %10s%n", "path", "records", "records/s",
                    "tokens/s", "vs plain");
            for (Row row : rows) {
                System.out.printf("%-26s %,9d %,12.0f %13s %10s%n", row.path(), row.records(),
                        row.recordsPerSecond(), row.tokensPerSecond() > 0
                                ? String.format("%,.0f", row.tokensPerSecond()) : "",
                        Double.isNaN(row.ratio()) ? "" : String.format("%.2fx", row.ratio()));
            }
            System.out.printf("%nTargets: images >= 25,000/s, text >= 250,000 tokens/s.%n");
        }
    }

    /** One line of the table. */
    record Row(String path, long records, double recordsPerSecond, double tokensPerSecond,
            double ratio) {

        static Row of(String path, long records, List<Pass> passes, double baseline) {
            double rate = median(passes, Pass::recordsPerSecond);
            return new Row(path, records, rate, median(passes, Pass::tokensPerSecond),
                    rate / baseline);
        }

        static double median(List<Pass> passes, java.util.function.ToDoubleFunction<Pass> f) {
            double[] values = passes.stream().mapToDouble(f).sorted().toArray();
            int mid = values.length / 2;
            return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }
    }

    /** Lets the benchmark take the ingest defaults exactly as the CLI declares them. */
    @Command(name = "defaults")
    static final class IngestOptionsHolder {
        @picocli.CommandLine.Mixin
        IngestOptions options;
    }
}
