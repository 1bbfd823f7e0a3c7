package dev.tributary.cli;

import dev.tributary.adapt.AdapterConfig;
import dev.tributary.adapt.AdapterService;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.data.DataSets;
import dev.tributary.data.FashionMnist;
import dev.tributary.embed.EmbedConfig;
import dev.tributary.embed.EmbedMetrics;
import dev.tributary.embed.EmbedService;
import dev.tributary.embed.Modality;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's serving side, in the demo's JVM: an embed service per modality writing the
 * embedding topics, and the adapter HTTP service on loopback, all following the checkpoints
 * the demo's trainers publish, and the linear probes of {@link ProbeAccuracyMonitor}. Closing
 * stops them.
 */
final class DemoServing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoServing.class);

    private final List<EmbedService> embedders = new ArrayList<>();
    private AdapterService adapter;
    private ProbeAccuracyMonitor probes;

    private DemoServing() {
    }

    /**
     * Starts the services and the probes, and prints where they are.
     *
     * @param trainImages the Fashion-MNIST train split, which probes are fitted on
     * @throws IOException when the Fashion-MNIST test split cannot be read
     */
    static DemoServing start(KafkaClients clients, TopicNames topics, String groupPrefix,
            DemoServingOptions options, FashionMnist trainImages, MeterRegistry registry)
            throws IOException {
        DemoServing serving = new DemoServing();
        try {
            for (Modality modality : Modality.values()) {
                EmbedService service = new EmbedService(EmbedConfig.defaults(modality,
                        groupPrefix), clients, topics, registry);
                serving.embedders.add(service);
                service.start();
            }
            serving.adapter = adapter(clients, topics, options.adapterPort, registry);
            if (options.probeEvery > 0) {
                serving.probes = probes(clients, topics, options, trainImages, registry);
            }
        } catch (RuntimeException | IOException e) {
            serving.close();
            throw e;
        }
        String url = "http://127.0.0.1:" + serving.adapter.port();
        System.out.printf("Adapter service at %s (try: curl %s/v1/models)%n", url, url);
        System.out.printf("Embedding every raw record into %s and %s.%n",
                topics.imagesEmbeddings(), topics.textEmbeddings());
        return serving;
    }

    private static ProbeAccuracyMonitor probes(KafkaClients clients, TopicNames topics,
            DemoServingOptions options, FashionMnist trainImages, MeterRegistry registry)
            throws IOException {
        FashionMnist testImages = FashionMnist.load(DataSets.standard().fashionMnist(),
                FashionMnist.Split.TEST);
        ProbeAccuracyMonitor probes = new ProbeAccuracyMonitor(options.probeEvery, trainImages,
                options.probeTrainImages, testImages, options.probeTestImages, registry);
        probes.follow(new CheckpointReader(clients.admin(), topics.checkpoints(), registry));
        return probes;
    }

    private static AdapterService adapter(KafkaClients clients, TopicNames topics, int port,
            MeterRegistry registry) {
        AdapterConfig config = AdapterConfig.defaults().withPort(port);
        try {
            return AdapterService.start(config, clients.admin(), topics.checkpoints(), registry);
        } catch (UncheckedIOException e) {
            if (port == 0) {
                throw e;
            }
            log.info("Port {} is taken ({}); the adapter service takes any free port", port,
                    e.getMessage());
            return AdapterService.start(config.withPort(0), clients.admin(),
                    topics.checkpoints(), registry);
        }
    }

    /** The adapter service's port. */
    int port() {
        return adapter.port();
    }

    /** E.g. {@code embedded images v4: 1,024 | text v3: 250 | adapter simclr v4, lm v3}. */
    String status() {
        List<String> parts = new ArrayList<>();
        for (EmbedService service : embedders) {
            EmbedMetrics metrics = service.metrics();
            parts.add(metrics.modelVersion() == 0
                    ? service.modality().tag() + " waiting for a model"
                    : String.format("%s v%d: %,d", service.modality().tag(),
                            metrics.modelVersion(), metrics.embedded()));
        }
        return "embedded " + String.join(" | ", parts) + " | adapter "
                + served("simclr", adapter.images().version()) + ", "
                + served("lm", adapter.text().version());
    }

    private static String served(String model, long version) {
        return version < 0 ? model + " waiting" : model + " v" + version;
    }

    /** The first error that stopped an embed service, if any did. */
    Optional<Throwable> failure() {
        return embedders.stream().flatMap(s -> s.failure().stream()).findFirst();
    }

    /** Stops the probes (waiting for one under way), the adapter and the embed services. */
    @Override
    public void close() {
        if (probes != null) {
            probes.close();
        }
        if (adapter != null) {
            adapter.close();
        }
        embedders.forEach(EmbedService::close);
    }
}
