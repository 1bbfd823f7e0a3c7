package dev.tributary.cli;

import dev.tributary.adapt.EmbedLoadBenchmark;
import dev.tributary.cli.BenchServeTable.SwapRow;
import dev.tributary.embed.EmbedLatencyBenchmark;
import dev.tributary.embed.Modality;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import java.time.Duration;
import java.util.List;

/**
 * Swap times under load: with both embed services and both kinds of {@code /v1/embed}
 * request busy, each model publishes new versions one at a time, and each is timed from the
 * publish returning to the first embedding that names it on the embeddings topic and the
 * first HTTP response that does.
 */
final class BenchServeSwaps {

    private static final double TARGET_MS = 1_000;

    /** Publishes the model's next version and returns it. */
    @FunctionalInterface
    interface Publish {
        long next() throws Exception;
    }

    private final KafkaClients clients;
    private final TopicNames topics;
    private final int port;
    private final BenchServeInputs inputs;
    private final BenchServeModels models;
    private final int publishes;
    private final Duration timeout;

    BenchServeSwaps(KafkaClients clients, TopicNames topics, int port, BenchServeInputs inputs,
            BenchServeModels models, int publishes, Duration timeout) {
        this.clients = clients;
        this.topics = topics;
        this.port = port;
        this.inputs = inputs;
        this.models = models;
        this.publishes = publishes;
        this.timeout = timeout;
    }

    /**
     * @param imageRate images a second to the embed service meanwhile
     * @param textRate documents a second to the embed service meanwhile
     * @param requestRate requests a second of each kind meanwhile; its inverse bounds how
     *     finely the HTTP swap is seen
     */
    List<SwapRow> measure(double imageRate, double textRate, double requestRate)
            throws Exception {
        System.out.printf("Timing %d swaps of each model under load...%n", publishes);
        try (EmbedLatencyBenchmark embedImages = new EmbedLatencyBenchmark(clients, topics,
                Modality.IMAGES, inputs.images(), imageRate);
                EmbedLatencyBenchmark embedText = new EmbedLatencyBenchmark(clients, topics,
                        Modality.TEXT, inputs.texts(), textRate);
                EmbedLoadBenchmark httpImages = new EmbedLoadBenchmark(port,
                        inputs.imageBodies(), requestRate, 4);
                EmbedLoadBenchmark httpText = new EmbedLoadBenchmark(port, inputs.textBodies(),
                        requestRate, 4)) {
            embedImages.start();
            embedText.start();
            httpImages.start();
            httpText.start();
            double[][] image = swaps("simclr", models::publishImages, embedImages, httpImages);
            double[][] text = swaps("lm", models::publishText, embedText, httpText);
            return List.of(new SwapRow("simclr -> embed service", image[0], TARGET_MS),
                    new SwapRow("simclr -> POST /v1/embed", image[1], TARGET_MS),
                    new SwapRow("lm -> embed service", text[0], TARGET_MS),
                    new SwapRow("lm -> POST /v1/embed", text[1], TARGET_MS));
        }
    }

    /** Milliseconds per publish: [0] to the embeddings topic, [1] to an HTTP response. */
    private double[][] swaps(String model, Publish publish, EmbedLatencyBenchmark kafka,
            EmbedLoadBenchmark http) throws Exception {
        double[][] millis = new double[2][publishes];
        for (int i = 0; i < publishes; i++) {
            long version = publish.next();
            long published = System.nanoTime();
            millis[0][i] = since(published, kafka.awaitVersion(version, timeout));
            millis[1][i] = since(published, http.awaitVersion(version, timeout));
            System.out.printf("  %s v%d: embed service %.0f ms, /v1/embed %.0f ms%n", model,
                    version, millis[0][i], millis[1][i]);
        }
        return millis;
    }

    /** Milliseconds from {@code published} to {@code seen}; -1 when it was never seen. */
    private static double since(long published, long seen) {
        return seen < 0 ? -1 : (seen - published) / 1e6;
    }
}
