package dev.tributary.embed;

import dev.tributary.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one embed service, all tagged with its modality and model: records by
 * outcome, the time of a micro-batch (decode, embed and commit), the latency from an input's
 * produce timestamp to the commit of its embedding, and the checkpoint version in use (0
 * before the first).
 */
public final class EmbedMetrics {

    /** Histogram buckets of the latency, around the 100 ms a record should take. */
    private static final Duration[] LATENCY_BUCKETS = LatencyBuckets.milliseconds(
            10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);

    private final Counter embedded;
    private final Counter rejected;
    private final Timer batchTime;
    private final Timer latency;
    private final AtomicLong modelVersion = new AtomicLong();

    /** The meters of the service embedding {@code modality} with checkpoints of {@code model}. */
    public EmbedMetrics(MeterRegistry registry, Modality modality, String model) {
        Tags tags = Tags.of("modality", modality.tag(), "model", model);
        this.embedded = Counter.builder("tributary.embed.records").tags(tags)
                .tag("outcome", "embedded").description("Input records embedded")
                .register(registry);
        this.rejected = Counter.builder("tributary.embed.records").tags(tags)
                .tag("outcome", "rejected").description("Input records sent to the DLQ")
                .register(registry);
        this.batchTime = Timer.builder("tributary.embed.batch.time").tags(tags)
                .description("Decoding, embedding and committing one micro-batch")
                .register(registry);
        this.latency = Timer.builder("tributary.embed.latency").tags(tags)
                .description("From an input's produce timestamp to its embedding's commit")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        Gauge.builder("tributary.embed.model.version", modelVersion, AtomicLong::get)
                .tags(tags).description("Checkpoint version embedding the records")
                .register(registry);
    }

    void batch(int embeddedRecords, int rejectedRecords, Duration took) {
        embedded.increment(embeddedRecords);
        rejected.increment(rejectedRecords);
        batchTime.record(took);
    }

    void latency(long millis) {
        latency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    void modelVersion(long version) {
        modelVersion.set(version);
    }

    /** Records embedded so far. */
    public long embedded() {
        return (long) embedded.count();
    }

    /** Records sent to the dead-letter topic so far. */
    public long rejected() {
        return (long) rejected.count();
    }

    /** The checkpoint version in use, 0 before the first is loaded. */
    public long modelVersion() {
        return modelVersion.get();
    }

    /** Micro-batches committed so far. */
    public long batches() {
        return batchTime.count();
    }
}
