package dev.tributary.ingest;

import dev.tributary.data.Batch;
import dev.tributary.data.ImageSpec;
import dev.tributary.kafka.TopicNames;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Raw images to training batches. Each record is checked and decoded to the model's channels
 * and size; refused records go to the dead-letter topic with a reason; decoded images are
 * normalised to [0, 1] and emitted as float32 batches of shape (N, C, H, W).
 */
public final class ImageIngestTopology {

    public static final String SOURCE = "images-source";
    public static final String DECODE = "images-decode";
    public static final String BATCHER = "images-batcher";
    public static final String PENDING_STORE = "images-pending";
    public static final String BATCH_SINK = "images-batches-sink";
    public static final String DLQ_SINK = "images-dlq-sink";

    private ImageIngestTopology() {
    }

    /** The topology graph; it holds no state of its own and can be built any number of times. */
    public static Topology build(ImageIngestConfig config, TopicNames topics,
            IngestMetrics metrics) {
        ImageSpec spec = config.spec();
        Rejections rejections = new Rejections(DLQ_SINK, metrics);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.imagesRaw());
        topology.addProcessor(DECODE, () -> new ImageDecodeProcessor(spec,
                BATCHER, rejections, metrics), SOURCE);
        topology.addProcessor(BATCHER, () -> new BatchingProcessor(PENDING_STORE,
                config.modelName(), config.batchSize(), config.linger(),
                (payloads, records) -> assemble(spec, payloads, records), metrics), DECODE);
        // In memory for speed, cached so a slot reaches the changelog once a commit; the
        // changelog topic is what makes the pending samples durable.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled(),
                BATCHER);
        topology.addSink(BATCH_SINK, topics.imagesBatches(), new StringSerializer(),
                new ByteArraySerializer(), BATCHER);
        topology.addSink(DLQ_SINK, topics.dlq(), new ByteArraySerializer(),
                new ByteArraySerializer(), DECODE);
        return topology;
    }

    /** Stacks (C, H, W) uint8 images into one (N, C, H, W) float32 batch scaled to [0, 1]. */
    static Batch assemble(ImageSpec spec, List<byte[]> images, int sourceRecords) {
        int imageSize = spec.channels() * spec.height() * spec.width();
        float[] values = new float[images.size() * imageSize];
        for (int i = 0; i < images.size(); i++) {
            byte[] pixels = images.get(i);
            int base = i * imageSize;
            for (int j = 0; j < imageSize; j++) {
                values[base + j] = (pixels[j] & 0xFF) / 255f;
            }
        }
        int[] shape = {images.size(), spec.channels(), spec.height(), spec.width()};
        return Batch.ofFloats(shape, values, sourceRecords);
    }
}
