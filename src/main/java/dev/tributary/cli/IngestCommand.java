package dev.tributary.cli;

import dev.tributary.ingest.IngestService;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.metrics.ProcessMeters;
import dev.tributary.metrics.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the ingest topologies until Ctrl-C. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Validate raw records and pack them into training batches, until Ctrl-C.")
final class IngestCommand implements Callable<Integer> {

    /** Which topologies to run. */
    enum Only { TEXT, IMAGES }

    @Mixin
    KafkaOptions kafka;

    @Mixin
    IngestOptions options;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--only", description = "Run just one topology: text or images.")
    Only only;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json for text (default: ~/.tributary/tokenizer.json).")
    Path tokenizer;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Local state of the topologies (default: ~/.tributary/streams).")
    Path stateDir;

    @Option(names = "--status-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often to print a status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() {
        boolean text = only != Only.IMAGES;
        Path tokenizerFile = tokenizer != null ? tokenizer : TributaryHome.tokenizer();
        if (text && !Files.isRegularFile(tokenizerFile)) {
            throw new IllegalArgumentException("no tokenizer at " + tokenizerFile
                    + "; create one with `tributary tokenizer train` or pass --tokenizer");
        }
        KafkaClients clients = kafka.reachableClients();
        IngestService.Settings settings = new IngestService.Settings(clients, kafka.topics(),
                kafka.topicPrefix, stateDir != null ? stateDir : TributaryHome.streamsState(),
                options.threads(), text ? options.text(tokenizerFile) : null,
                only != Only.TEXT ? options.images() : null);
        ShutdownSignal signal = ShutdownSignal.install();
        try (ProcessMeters meters = metrics.start(Service.INGEST);
                IngestService ingest = new IngestService(settings, meters.registry())) {
            ingest.start();
            while (!signal.await(statusEvery)) {
                System.out.println(IngestStatus.of(ingest));
            }
        } finally {
            signal.finished();
        }
        return 0;
    }
}
