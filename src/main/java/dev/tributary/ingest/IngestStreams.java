package dev.tributary.ingest;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams settings shared by the ingest topologies. */
public final class IngestStreams {

    /** Largest batch record; the batch topics are created with the same limit. */
    public static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

    private IngestStreams() {
    }

    /**
     * Streams settings for one topology.
     *
     * @param clients connection and security settings shared by every client
     * @param applicationId the consumer group and prefix of internal topics
     * @param stateDir a directory of this application's own; two instances must not share one
     * @param threads stream threads; one per core is the useful most
     */
    public static Properties config(Properties clients, String applicationId, Path stateDir,
            int threads) {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Batch buffers, batches and input offsets commit together: no loss, no duplicates.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // A float32 batch of 256 images at 28×28 is 800 KB, close to the 1 MB default.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                MAX_BATCH_BYTES + 64 * 1024);
        // Raw records are small and plentiful: fewer, larger requests.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        return props;
    }
}
