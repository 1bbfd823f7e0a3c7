package dev.tributary.cli;

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

/** Trains both models from their batch topics until Ctrl-C. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the image model (SimCLR) and the language model from their batch "
                + "topics, publishing checkpoints to the checkpoint topic, until Ctrl-C. "
                + "A restarted trainer resumes from its newest checkpoint; a second trainer of "
                + "the same model stands by and takes over when the first stops.")
final class TrainCommand implements Callable<Integer> {

    /** Which model to train. */
    enum Only { TEXT, IMAGES }

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TrainOptions options;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--only", description = "Train just one model: text or images.")
    Only only;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "The tokenizer.json that ingest encodes text with "
                    + "(default: ~/.tributary/tokenizer.json).")
    Path tokenizer;

    @Option(names = "--status-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often to print a status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() throws Exception {
        Path tokenizerFile = only == Only.IMAGES ? null
                : tokenizer != null ? tokenizer : TributaryHome.tokenizer();
        if (tokenizerFile != null && !Files.isRegularFile(tokenizerFile)) {
            throw new IllegalArgumentException("no tokenizer at " + tokenizerFile
                    + "; use the one ingest uses (--tokenizer) or `--only images`");
        }
        KafkaClients clients = kafka.reachableClients();
        ShutdownSignal signal = ShutdownSignal.install();
        try (ProcessMeters meters = metrics.start(Service.TRAIN);
                RunningTrainers trainers = RunningTrainers.start(clients, kafka.topics(),
                        kafka.topicPrefix, options, only != Only.TEXT, tokenizerFile,
                        meters.registry())) {
            while (!signal.await(statusEvery) && trainers.failure().isEmpty()) {
                System.out.println(trainers.status());
            }
            if (trainers.failure().isPresent()) {
                throw new IllegalStateException("a trainer stopped: "
                        + trainers.failure().get().getMessage(), trainers.failure().get());
            }
        } finally {
            signal.finished();
        }
        return 0;
    }
}
