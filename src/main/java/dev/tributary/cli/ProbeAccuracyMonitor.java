package dev.tributary.cli;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointFollower;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.data.FashionMnist;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SoftmaxRegression;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the image encoder's checkpoints and, on every Nth version, fits a linear probe
 * (multinomial logistic regression) on the embeddings of the first Fashion-MNIST train images
 * and prints its accuracy on the first test images; the figure also goes to the gauge
 * {@value #GAUGE}. Probes run one at a time on a thread of their own, never on the training
 * thread; a version that arrives while one runs waits, and a newer one replaces it, so the
 * probe always reads the newest checkpoint and never falls behind.
 */
final class ProbeAccuracyMonitor implements AutoCloseable {

    /** Test accuracy of the latest probe, 0 to 1; NaN before the first. */
    static final String GAUGE = "tributary.adapt.probe.accuracy";

    private static final Logger log = LoggerFactory.getLogger(ProbeAccuracyMonitor.class);
    private static final String MODEL = "simclr";
    /** The probe tag of the demo's own probe, beside the names of the adapter's probes. */
    static final String PROBE = "demo-fashion-mnist";
    private static final double L2 = 1e-4;
    private static final int ITERATIONS = 150;

    private final int every;
    private final Labelled train;
    private final Labelled test;
    private final AtomicReference<Checkpoint> pending = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread probe = new Thread(task, "demo-probe");
        probe.setDaemon(true);
        return probe;
    });
    private volatile double accuracy = Double.NaN;
    private CheckpointFollower follower;

    /** Images as the encoder takes them, (N, H*W) floats in [0, 1], with their classes. */
    private record Labelled(float[][] pixels, int[] labels) {

        static Labelled first(FashionMnist split, int count) {
            int n = Math.min(count, split.count());
            float[][] pixels = new float[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                pixels[i] = split.normalizedPixels(i);
                labels[i] = split.label(i);
            }
            return new Labelled(pixels, labels);
        }
    }

    /**
     * @param every probe versions divisible by this
     * @param trainImages train images to fit on
     * @param testImages test images to score
     */
    ProbeAccuracyMonitor(int every, FashionMnist trainSplit, int trainImages,
            FashionMnist testSplit, int testImages, MeterRegistry registry) {
        if (every < 1) {
            throw new IllegalArgumentException("--probe-every must be positive: " + every);
        }
        this.every = every;
        this.train = Labelled.first(trainSplit, trainImages);
        this.test = Labelled.first(testSplit, testImages);
        // The adapter service's probes share the name and so the tag keys, which Prometheus
        // requires to be the same for every series of a name.
        Gauge.builder(GAUGE, this, m -> m.accuracy).tag("probe", PROBE)
                .description("Held-out accuracy of the probe's last fit")
                .register(registry);
    }

    /** Starts following the encoder's checkpoints. */
    void follow(CheckpointReader reader) {
        follower = reader.follow(MODEL, -1, this::offer, rejection -> { });
    }

    /** Runs on the follower's thread: queues the version when it is due. */
    private void offer(Checkpoint checkpoint) {
        if (checkpoint.version() % every == 0 && pending.getAndSet(checkpoint) == null) {
            thread.execute(this::probeNewest);
        }
    }

    private void probeNewest() {
        Checkpoint checkpoint = pending.getAndSet(null);
        if (checkpoint == null) {
            return;
        }
        try {
            probe(checkpoint);
        } catch (RuntimeException e) {
            log.warn("Linear probe on {} v{} failed: {}", MODEL, checkpoint.version(),
                    e.getMessage(), e);
        }
    }

    private void probe(Checkpoint checkpoint) {
        SimClrConfig config = SimClrConfig.from(checkpoint.manifest().description());
        if (config.channels() != 1 || config.height() * config.width()
                != train.pixels()[0].length) {
            log.info("No linear probe: the encoder takes {}x{}x{} images, not Fashion-MNIST's",
                    config.channels(), config.height(), config.width());
            return;
        }
        long began = System.nanoTime();
        float[][] trainVectors;
        float[][] testVectors;
        try (ImageEmbedder embedder = new ImageEmbedder(checkpoint.manifest().description(),
                checkpoint.tensors())) {
            trainVectors = embedder.embedEach(train.pixels());
            testVectors = embedder.embedEach(test.pixels());
        }
        accuracy = SoftmaxRegression.fit(trainVectors, train.labels(), FashionMnist.CLASS_NAMES
                .size(), L2, ITERATIONS).accuracy(testVectors, test.labels());
        System.out.printf("Linear probe on %s v%d: %.3f accuracy on %,d Fashion-MNIST test "
                + "images (fit on %,d train images, %.1f s)%n", MODEL, checkpoint.version(),
                accuracy, test.labels().length, train.labels().length,
                (System.nanoTime() - began) / 1e9);
    }

    /** Stops following, and waits up to 30 s for a probe under way. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
