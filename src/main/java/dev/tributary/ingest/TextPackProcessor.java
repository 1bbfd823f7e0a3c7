package dev.tributary.ingest;

import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.TextValidator;
import dev.tributary.model.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Validates, tokenizes and packs documents into fixed-length sequences. The partial sequence
 * is saved to a changelogged store after every document; when it has waited the linger time it
 * is padded and sent on, so a quiet stream still reaches the trainer.
 */
final class TextPackProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final String CARRY_KEY = "carry";

    private final TextIngestConfig config;
    private final String carryStoreName;
    private final String batcherName;
    private final Rejections rejections;
    private final IngestMetrics metrics;
    private final TextValidator validator;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> carryStore;
    private TextTokenizer tokenizer;
    private TokenPacker packer;
    private long carryStartMs;

    TextPackProcessor(TextIngestConfig config, String carryStoreName, String batcherName,
            Rejections rejections, IngestMetrics metrics) {
        this.config = config;
        this.carryStoreName = carryStoreName;
        this.batcherName = batcherName;
        this.rejections = rejections;
        this.metrics = metrics;
        this.validator = new TextValidator(config.maxBytes());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        // One tokenizer per task, so stream threads never share native state.
        this.tokenizer = loadTokenizer(config.tokenizer());
        this.carryStore = context.getStateStore(carryStoreName);
        byte[] saved = carryStore.get(CARRY_KEY);
        this.packer = saved == null ? new TokenPacker(config.sequenceLength())
                : TokenPacker.fromBytes(config.sequenceLength(), saved);
        this.carryStartMs = context.currentSystemTimeMs();
        Duration linger = config.linger();
        Duration tick = Duration.ofMillis(Math.max(10, Math.min(1000, linger.toMillis() / 4)));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::flushIfLingered);
    }

    private static TextTokenizer loadTokenizer(Path file) {
        try {
            return TextTokenizer.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer " + file
                    + "; create one with `tributary tokenizer train`", e);
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordReceived();
        try {
            Rejections.requireKey(record);
            String text = validator.validate(record.value());
            int[] tokens = tokenizer.encode(text);
            metrics.tokensProduced(tokens.length + 1);
            if (packer.isEmpty()) {
                carryStartMs = context.currentSystemTimeMs();
            }
            for (Sample sequence : packer.add(tokens, tokenizer.endOfDocumentId())) {
                forward(record, sequence);
                carryStartMs = context.currentSystemTimeMs();
            }
            carryStore.put(CARRY_KEY, packer.toBytes());
        } catch (InvalidRecordException e) {
            rejections.reject(context, record, e);
        }
    }

    private void flushIfLingered(long nowMs) {
        if (!packer.isEmpty() && nowMs - carryStartMs >= config.linger().toMillis()) {
            Sample sequence = packer.flush(tokenizer.paddingId());
            context.forward(new Record<>(null, sequence, nowMs), batcherName);
            carryStore.put(CARRY_KEY, packer.toBytes());
        }
    }

    private void forward(Record<byte[], byte[]> source, Sample sequence) {
        context.forward(new Record<>(null, sequence, source.timestamp()), batcherName);
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
