package dev.tributary.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Exports a Kafka client's own metrics as meters ({@code kafka_consumer_*}, {@code
 * kafka_producer_*}, {@code kafka_stream_*}, tagged {@code client_id} and more), refreshed as
 * the client adds metrics. Close the returned binder when closing the client: that removes the
 * client's meters and stops the refresh.
 *
 * <p>No tags are added beyond the registry's common ones. Kafka reports some metrics at two
 * levels of detail, and the binder removes a meter when one of the same name with more tags
 * appears; clients tagged differently in one registry, as the demo's stages are, would remove
 * each other's meters. The {@code client_id} tag tells the clients apart.
 */
public final class KafkaClientMeters {

    private KafkaClientMeters() {
    }

    /** Binds a consumer's metrics; close the result before or with the consumer. */
    public static KafkaClientMetrics bind(MeterRegistry registry, Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Binds a producer's metrics; close the result before or with the producer. */
    public static KafkaClientMetrics bind(MeterRegistry registry, Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Binds the metrics of a Streams application and of its embedded clients; close the result
     * before or with the application.
     */
    public static KafkaStreamsMetrics bind(MeterRegistry registry, KafkaStreams streams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        return metrics;
    }
}
