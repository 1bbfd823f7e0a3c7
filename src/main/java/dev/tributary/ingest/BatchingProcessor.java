package dev.tributary.ingest;

import dev.tributary.data.Batch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects samples into batches. Pending samples live in a changelogged key-value store keyed by
 * an increasing sequence number, so each sample is written to the changelog once and a crash
 * neither loses nor repeats one: under exactly-once processing the store, the emitted batches
 * and the input offsets commit together. A batch is emitted as soon as it is full; a partly
 * filled one is emitted when its oldest sample has waited the linger time.
 *
 * <p>The linger clock is wall-clock time kept in memory; after a restart the samples restored
 * from the changelog wait up to one more linger period.
 */
final class BatchingProcessor implements Processor<String, Sample, String, byte[]> {

    private final String storeName;
    private final String batchKey;
    private final int batchSize;
    private final Duration linger;
    private final BatchAssembler assembler;
    private final IngestMetrics metrics;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, byte[]> pending;
    private long nextSequence;
    private int pendingCount;
    private long oldestArrivalMs;

    BatchingProcessor(String storeName, String batchKey, int batchSize, Duration linger,
            BatchAssembler assembler, IngestMetrics metrics) {
        this.storeName = storeName;
        this.batchKey = batchKey;
        this.batchSize = batchSize;
        this.linger = linger;
        this.assembler = assembler;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        recoverFromStore();
        Duration tick = Duration.ofMillis(Math.max(10, Math.min(1000, linger.toMillis() / 4)));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::emitIfLingered);
    }

    @Override
    public void process(Record<String, Sample> record) {
        Sample sample = record.value();
        byte[] stored = ByteBuffer.allocate(4 + sample.payload().length)
                .putInt(sample.sourceRecords()).put(sample.payload()).array();
        pending.put(nextSequence++, stored);
        if (pendingCount++ == 0) {
            oldestArrivalMs = context.currentSystemTimeMs();
        }
        if (pendingCount >= batchSize) {
            emit(context.currentSystemTimeMs());
        }
    }

    private void emitIfLingered(long nowMs) {
        if (pendingCount > 0 && nowMs - oldestArrivalMs >= linger.toMillis()) {
            emit(nowMs);
        }
    }

    private void emit(long nowMs) {
        List<Long> sequences = new ArrayList<>(pendingCount);
        List<byte[]> payloads = new ArrayList<>(pendingCount);
        int sourceRecords = 0;
        try (KeyValueIterator<Long, byte[]> entries = pending.all()) {
            while (entries.hasNext() && payloads.size() < batchSize) {
                KeyValue<Long, byte[]> entry = entries.next();
                ByteBuffer stored = ByteBuffer.wrap(entry.value);
                sourceRecords += stored.getInt();
                byte[] payload = new byte[stored.remaining()];
                stored.get(payload);
                sequences.add(entry.key);
                payloads.add(payload);
            }
        }
        Batch batch = assembler.assemble(payloads, sourceRecords);
        context.forward(new Record<>(batchKey, batch.toBytes(), nowMs));
        sequences.forEach(pending::delete);
        pendingCount -= payloads.size();
        oldestArrivalMs = nowMs;
        metrics.batchEmitted(payloads.size(), sourceRecords, payloads.size() < batchSize);
    }

    /** Rebuilds the in-memory counters from the store, which may have been restored. */
    private void recoverFromStore() {
        nextSequence = 0;
        pendingCount = 0;
        try (KeyValueIterator<Long, byte[]> entries = pending.all()) {
            while (entries.hasNext()) {
                nextSequence = Math.max(nextSequence, entries.next().key + 1);
                pendingCount++;
            }
        }
        oldestArrivalMs = context.currentSystemTimeMs();
    }
}
