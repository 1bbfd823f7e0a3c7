package dev.tributary.checkpoint;

import dev.tributary.kafka.MessageLimits;
import dev.tributary.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of the whole checkpoint topic, from its first record, that knows the end offsets
 * at the time it was opened. It has no group: nothing is committed and no other reader is
 * affected. It reads committed records only, so aborted and fenced transactions never show.
 */
final class CheckpointTopicConsumer implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> endOffsets;
    private final KafkaClientMetrics consumerMetrics;

    private CheckpointTopicConsumer(KafkaConsumer<String, byte[]> consumer,
            Map<TopicPartition, Long> endOffsets, KafkaClientMetrics consumerMetrics) {
        this.consumer = consumer;
        this.endOffsets = endOffsets;
        this.consumerMetrics = consumerMetrics;
    }

    /**
     * Assigns every partition of the topic, seeks to the beginning and records the end offsets.
     * The consumer's own metrics go to the registry while it is open.
     *
     * @throws IllegalStateException when the topic does not exist
     */
    static CheckpointTopicConsumer open(Properties clientProps, String topic, Duration timeout,
            MeterRegistry registry) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings(clientProps),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Checkpoint topic " + topic + " does not exist;"
                        + " create it with `tributary topics`");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: every record of a still
            // open transaction lies beyond them, so stopping here never splits a checkpoint.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            return new CheckpointTopicConsumer(consumer, Map.copyOf(end),
                    KafkaClientMeters.bind(registry, consumer));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static Properties settings(Properties given) {
        Properties props = new Properties();
        props.putAll(given);
        // Assigned partitions and explicit seeks: a group would only add a coordinator.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The broker held the fetch at the end of the log for the default 500 ms on every read
        // here; 100 ms brings a read of a small topic from 0.55 s to about 0.15 s.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        // Chunks are up to a megabyte; fetching several at once keeps the read fast.
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        return props;
    }

    KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    /** Whether every partition has been read up to the end offsets recorded on opening. */
    boolean reachedOpeningEnd() {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the record lies before the end offsets recorded on opening. */
    boolean inBacklog(ConsumerRecord<String, byte[]> record) {
        Long end = endOffsets.get(new TopicPartition(record.topic(), record.partition()));
        return end != null && record.offset() < end;
    }

    /** How far the reading has come, for a timeout message. */
    String progress() {
        StringBuilder text = new StringBuilder();
        endOffsets.forEach((partition, end) -> text.append(text.length() == 0 ? "" : ", ")
                .append(partition).append(' ').append(consumer.position(partition))
                .append('/').append(end));
        return text.toString();
    }

    @Override
    public void close() {
        consumerMetrics.close();
        consumer.close();
    }
}
