package dev.tributary.cli;

import dev.tributary.embed.EmbedConfig;
import dev.tributary.embed.EmbedMetrics;
import dev.tributary.embed.EmbedService;
import dev.tributary.embed.Modality;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.metrics.ProcessMeters;
import dev.tributary.metrics.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Embeds every raw record with the newest checkpoint until Ctrl-C. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed every raw image and text record with the newest verified "
                + "checkpoint, writing one vector per record to the embedding topics (bad "
                + "records to the DLQ), exactly once, swapping to each new checkpoint as it is "
                + "published, until Ctrl-C. Instances share the work by partitions.")
final class EmbedCommand implements Callable<Integer> {

    /** The engine's intra-op threads; read once, when the engine loads. */
    private static final String ENGINE_THREADS = "ai.djl.pytorch.num_threads";

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--only", paramLabel = "MODALITY",
            description = "Embed just one modality: images or text.")
    Modality only;

    @Option(names = "--batch-size", defaultValue = "" + EmbedConfig.DEFAULT_MAX_BATCH_RECORDS,
            paramLabel = "N",
            description = "Most records in one micro-batch, written in one transaction; "
                    + "reached only after a backlog (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--engine-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads; one is fastest for small calls on busy "
                    + "cores (default: ${DEFAULT-VALUE}).")
    int engineThreads;

    @Option(names = "--status-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often to print a status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be positive, not " + batchSize);
        }
        if (System.getProperty(ENGINE_THREADS) == null) {
            System.setProperty(ENGINE_THREADS, Integer.toString(engineThreads));
        }
        KafkaClients clients = kafka.reachableClients();
        ShutdownSignal signal = ShutdownSignal.install();
        try (ProcessMeters meters = metrics.start(Service.EMBED)) {
            run(clients, meters.registry(), signal);
        } finally {
            signal.finished();
        }
        return 0;
    }

    private void run(KafkaClients clients, MeterRegistry registry, ShutdownSignal signal) {
        List<EmbedService> services = new ArrayList<>();
        try {
            for (Modality modality : Modality.values()) {
                if (only == null || only == modality) {
                    EmbedConfig config = EmbedConfig.defaults(modality, kafka.topicPrefix)
                            .withMaxBatchRecords(batchSize);
                    EmbedService service = new EmbedService(config, clients, kafka.topics(),
                            registry);
                    services.add(service);
                    service.start();
                }
            }
            while (!signal.await(statusEvery) && failure(services).isEmpty()) {
                System.out.println(status(services));
            }
            failure(services).ifPresent(e -> {
                throw new IllegalStateException("an embed service stopped: " + e.getMessage(), e);
            });
        } finally {
            services.forEach(EmbedService::close);
        }
    }

    private static Optional<Throwable> failure(List<EmbedService> services) {
        return services.stream().flatMap(s -> s.failure().stream()).findFirst();
    }

    /** E.g. {@code images v3: 1,024 embedded, 12 to the DLQ | text waiting for a model}. */
    private static String status(List<EmbedService> services) {
        List<String> parts = new ArrayList<>();
        for (EmbedService service : services) {
            EmbedMetrics metrics = service.metrics();
            String name = service.modality().tag();
            parts.add(metrics.modelVersion() == 0 ? name + " waiting for a model"
                    : String.format("%s v%d: %,d embedded, %,d to the DLQ", name,
                            metrics.modelVersion(), metrics.embedded(), metrics.rejected()));
        }
        return String.join(" | ", parts);
    }
}
