package dev.tributary.ingest;

import dev.tributary.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams settings shared by the ingest topologies. */
public final class IngestStreams {

    private IngestStreams() {
    }

    /**
     * Streams settings for one topology, on top of the shared client settings (which already
     * ask for exactly-once processing and room for 16 MiB batch records).
     *
     * @param applicationId the consumer group and prefix of internal topics
     * @param stateDir a directory of this application's own; two instances must not share one
     * @param threads stream threads; one per core is the useful most
     */
    public static Properties config(KafkaClients clients, String applicationId, Path stateDir,
            int threads) {
        Properties props = clients.streams(applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Raw records are small and many: fewer, larger produce requests.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A crashed instance's partitions move after 10 s rather than the default 45 s.
        props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                10_000);
        // Kafka 5 turns this on by default; opting in now also stops a warning at start.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Internal topics take the broker's default replication unless the operator says.
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        return props;
    }
}
