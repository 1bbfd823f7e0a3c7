package dev.tributary.ingest;

import dev.tributary.data.Batch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects samples into batches. The batch being filled lives in a changelogged key-value
 * store, one key a slot ({@code 0} to {@code batchSize - 1}) plus one key holding how many slots
 * are filled, so a crash neither loses nor repeats a sample: under exactly-once processing the
 * store, the emitted batches and the input offsets commit together.
 *
 * <p>Slots are overwritten by the next batch instead of deleted, and the store is cached, so
 * between two commits each slot reaches the changelog at most once however many batches pass
 * through it: at high rates the changelog carries a fraction of the input, not all of it.
 *
 * <p>A batch is emitted as soon as it is full; a partly filled one when its oldest sample has
 * waited the linger time. The linger clock is kept in memory, so after a restart the restored
 * samples wait up to one more linger period.
 */
final class BatchingProcessor implements Processor<String, Sample, String, byte[]> {

    /** Key of the filled-slot count; slots use the keys from zero up. */
    static final long COUNT_KEY = -1L;

    private final String storeName;
    private final String batchKey;
    private final int batchSize;
    private final Duration linger;
    private final BatchAssembler assembler;
    private final IngestMetrics metrics;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, byte[]> slots;
    private int filled;
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
        this.slots = context.getStateStore(storeName);
        byte[] count = slots.get(COUNT_KEY);
        this.filled = count == null ? 0 : ByteBuffer.wrap(count).getInt();
        this.oldestArrivalMs = context.currentSystemTimeMs();
        Duration tick = Duration.ofMillis(Math.max(10, Math.min(1000, linger.toMillis() / 4)));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::emitIfLingered);
    }

    @Override
    public void process(Record<String, Sample> record) {
        Sample sample = record.value();
        byte[] stored = ByteBuffer.allocate(4 + sample.payload().length)
                .putInt(sample.sourceRecords()).put(sample.payload()).array();
        slots.put((long) filled, stored);
        if (filled++ == 0) {
            oldestArrivalMs = context.currentSystemTimeMs();
        }
        if (filled >= batchSize) {
            emit(context.currentSystemTimeMs());
        } else {
            saveCount();
        }
    }

    private void emitIfLingered(long nowMs) {
        if (filled > 0 && nowMs - oldestArrivalMs >= linger.toMillis()) {
            emit(nowMs);
        }
    }

    private void emit(long nowMs) {
        List<byte[]> payloads = new ArrayList<>(filled);
        int sourceRecords = 0;
        for (long slot = 0; slot < filled; slot++) {
            ByteBuffer stored = ByteBuffer.wrap(slots.get(slot));
            sourceRecords += stored.getInt();
            byte[] payload = new byte[stored.remaining()];
            stored.get(payload);
            payloads.add(payload);
        }
        Batch batch = assembler.assemble(payloads, sourceRecords);
        context.forward(new Record<>(batchKey, batch.toBytes(), nowMs));
        metrics.batchEmitted(payloads.size(), sourceRecords, payloads.size() < batchSize);
        filled = 0;
        oldestArrivalMs = nowMs;
        saveCount();
    }

    private void saveCount() {
        slots.put(COUNT_KEY, ByteBuffer.allocate(4).putInt(filled).array());
    }
}
