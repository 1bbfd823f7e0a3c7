package dev.tributary.ingest;

import dev.tributary.data.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Meters of one ingest topology, tagged {@code topology=text|images}.
 *
 * <p>Counters are incremented as records are processed; under exactly-once processing a task
 * that aborts a transaction processes those records again, so after a failure the counters can
 * run ahead of the committed topics. The topics, not the meters, are the accounting of record.
 */
public final class IngestMetrics {

    private final Counter received;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter batches;
    private final Counter partialBatches;
    private final Counter samples;
    private final Counter batchedRecords;
    private final Counter tokens;

    public IngestMetrics(MeterRegistry registry, String topology) {
        received = Counter.builder("tributary.ingest.records")
                .description("Raw records read by the ingest topology")
                .tag("topology", topology).register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("tributary.ingest.rejected")
                    .description("Raw records sent to the dead-letter topic, by reason")
                    .tag("topology", topology).tag("reason", reason.name()).register(registry));
        }
        batches = Counter.builder("tributary.ingest.batches")
                .description("Training batches emitted").tag("topology", topology)
                .tag("fill", "full").register(registry);
        partialBatches = Counter.builder("tributary.ingest.batches")
                .description("Training batches emitted").tag("topology", topology)
                .tag("fill", "partial").register(registry);
        samples = Counter.builder("tributary.ingest.samples")
                .description("Samples (images or packed sequences) emitted in batches")
                .tag("topology", topology).register(registry);
        batchedRecords = Counter.builder("tributary.ingest.batched.records")
                .description("Raw records whose data has been emitted in a batch")
                .tag("topology", topology).register(registry);
        tokens = Counter.builder("tributary.ingest.tokens")
                .description("Tokens produced by the tokenizer").tag("topology", topology)
                .register(registry);
    }

    void recordReceived() {
        received.increment();
    }

    void recordRejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void tokensProduced(int count) {
        tokens.increment(count);
    }

    void batchEmitted(int sampleCount, int sourceRecords, boolean partial) {
        (partial ? partialBatches : batches).increment();
        samples.increment(sampleCount);
        batchedRecords.increment(sourceRecords);
    }

    /** Records rejected so far for one reason. */
    public double rejected(RejectReason reason) {
        return rejected.get(reason).count();
    }

    /** Records rejected so far, all reasons together. */
    public double rejectedTotal() {
        return rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    public double received() {
        return received.count();
    }

    public double batches() {
        return batches.count() + partialBatches.count();
    }

    public double batchedRecords() {
        return batchedRecords.count();
    }

    public double tokens() {
        return tokens.count();
    }
}
