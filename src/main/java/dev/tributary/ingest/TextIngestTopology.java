package dev.tributary.ingest;

import dev.tributary.data.Batch;
import dev.tributary.data.DType;
import dev.tributary.kafka.TopicNames;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Raw text to training batches. Each document is validated and normalised; refused records go
 * to the dead-letter topic with a reason; accepted ones are tokenized, packed into sequences of
 * a fixed length with an end-of-document token between documents, and emitted as int32 batches
 * of shape (N, T). A sequence padded after the linger time ends in padding tokens, which a
 * trainer masks out of its loss.
 */
public final class TextIngestTopology {

    public static final String SOURCE = "text-source";
    public static final String PACK = "text-pack";
    public static final String BATCHER = "text-batcher";
    public static final String CARRY_STORE = "text-carry";
    public static final String PENDING_STORE = "text-pending";
    public static final String BATCH_SINK = "text-batches-sink";
    public static final String DLQ_SINK = "text-dlq-sink";

    private TextIngestTopology() {
    }

    /** The topology graph; it holds no state of its own and can be built any number of times. */
    public static Topology build(TextIngestConfig config, TopicNames topics,
            IngestMetrics metrics) {
        Rejections rejections = new Rejections(DLQ_SINK, metrics);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.textRaw());
        topology.addProcessor(PACK, () -> new TextPackProcessor(config, CARRY_STORE, BATCHER,
                rejections, metrics), SOURCE);
        topology.addProcessor(BATCHER, () -> new BatchingProcessor(PENDING_STORE,
                config.modelName(), config.batchSize(), config.linger(),
                (payloads, records) -> assemble(config.sequenceLength(), payloads, records),
                metrics), PACK);
        // In memory for speed, cached so each key reaches the changelog once a commit; the
        // changelog topics are what make the state durable.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CARRY_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(),
                PACK);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled(),
                BATCHER);
        topology.addSink(BATCH_SINK, topics.textBatches(), new StringSerializer(),
                new ByteArraySerializer(), BATCHER);
        topology.addSink(DLQ_SINK, topics.dlq(), new ByteArraySerializer(),
                new ByteArraySerializer(), PACK);
        return topology;
    }

    /** Stacks little-endian int32 sequences of length T into one (N, T) int32 batch. */
    static Batch assemble(int sequenceLength, List<byte[]> sequences, int sourceRecords) {
        byte[] data = new byte[sequences.size() * sequenceLength * 4];
        for (int i = 0; i < sequences.size(); i++) {
            System.arraycopy(sequences.get(i), 0, data, i * sequenceLength * 4,
                    sequenceLength * 4);
        }
        int[] shape = {sequences.size(), sequenceLength};
        return new Batch(DType.INT32, shape, sourceRecords, data);
    }
}
