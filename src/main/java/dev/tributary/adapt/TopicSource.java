package dev.tributary.adapt;

import dev.tributary.kafka.RecordReplayer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads labeled records from the start of a topic, the way producers write them: the value is
 * the input, the {@code label} header its label. The read is bounded three ways: it ends at
 * the end offsets seen when it began, after {@code limit} records (labeled or not), or when
 * the timeout passes, whichever comes first. It uses a consumer of its own without a group
 * (assign and seek, nothing committed) that reads only committed records.
 */
final class TopicSource {

    /**
     * What one read found.
     *
     * @param values the labeled values, in partition then offset order
     * @param labels the label of each value
     * @param read records read, labeled or not
     * @param unlabeled records without a label, left out
     * @param timedOut whether the timeout ended the read
     */
    record Read(List<byte[]> values, List<String> labels, int read, int unlabeled,
            boolean timedOut) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties clientProps;

    TopicSource(Properties clientProps) {
        this.clientProps = clientProps;
    }

    /**
     * @throws ProblemException when the topic does not exist (422) or the broker cannot be
     *     reached (503)
     */
    Read read(String topic, int limit, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            return poll(consumer, ends, limit, deadline);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ProblemException(ProblemType.SOURCE_UNAVAILABLE, "topic " + topic
                    + " could not be read within " + timeout.toMillis() + " ms: "
                    + e.getMessage());
        } catch (KafkaException e) {
            throw new ProblemException(ProblemType.SOURCE_UNAVAILABLE, "topic " + topic
                    + " could not be read: " + e.getMessage());
        }
    }

    private Properties settings() {
        Properties props = new Properties();
        props.putAll(clientProps);
        // Each read starts at the beginning and stores nothing: no group, no commits.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A misspelt topic must not be created by reading it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return props;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic,
            Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw JsonFields.invalid("topic", "names no existing topic: " + topic);
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static Read poll(KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> ends, int limit, long deadline) {
        List<byte[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int read = 0;
        int unlabeled = 0;
        while (read < limit && !reachedEnd(consumer, ends)) {
            if (System.nanoTime() >= deadline) {
                return new Read(values, labels, read, unlabeled, true);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (read >= limit) {
                    break;
                }
                read++;
                String label = label(record);
                if (label == null) {
                    unlabeled++;
                } else {
                    // An empty value is refused by the decoder and counted there.
                    values.add(record.value() == null ? new byte[0] : record.value());
                    labels.add(label);
                }
            }
        }
        return new Read(values, labels, read, unlabeled, false);
    }

    /** Read-committed end offsets are the last stable offsets, which the position reaches. */
    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer,
            Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String label(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RecordReplayer.LABEL_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String label = new String(header.value(), StandardCharsets.UTF_8).strip();
        return label.isEmpty() ? null : label;
    }
}
