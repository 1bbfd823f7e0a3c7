package dev.tributary.embed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch's outputs and its consumed offsets in one transaction. When the
 * transaction cannot commit for a reason Kafka lets a producer recover from (the group moved
 * on during a rebalance, a send failed), it is aborted and the consumer is rewound to the
 * committed offsets, so the same records are read and embedded again; a commit that timed out
 * is committed again instead, as Kafka requires.
 */
final class MicroBatchTransaction {

    private static final Logger log = LoggerFactory.getLogger(MicroBatchTransaction.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private MicroBatchTransaction() {
    }

    /**
     * @return true when committed, false when aborted and rewound
     * @throws KafkaException when the producer is fenced or otherwise unusable
     */
    static boolean commit(KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> consumed,
            List<ProducerRecord<byte[], byte[]>> outputs) {
        try {
            producer.beginTransaction();
            outputs.forEach(producer::send);
            producer.sendOffsetsToTransaction(nextOffsets(consumed), consumer.groupMetadata());
            commitRetryingTimeouts(producer);
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException
                | UnsupportedVersionException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Micro-batch of {} records aborted, reading it again: {}", consumed.count(),
                    e.toString());
            producer.abortTransaction();
            rewind(consumer);
            return false;
        }
    }

    /**
     * A commit that timed out may still complete, and the producer then refuses an abort; the
     * way out Kafka gives is to call commit again, which finishes the same transaction. After
     * {@value #COMMIT_ATTEMPTS} attempts the timeout is thrown and stops the service, whose
     * offsets stay where the last finished transaction left them.
     */
    private static void commitRetryingTimeouts(KafkaProducer<byte[], byte[]> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw new IllegalStateException("the embeddings' transaction did not "
                            + "commit in " + COMMIT_ATTEMPTS + " attempts; is the broker up?", e);
                }
                log.warn("Committing a micro-batch timed out (attempt {} of {}); trying again",
                        attempt, COMMIT_ATTEMPTS);
            }
        }
    }

    /** For every partition in the poll, the offset after its last record. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
            ConsumerRecords<byte[], byte[]> consumed) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumed.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = consumed.records(partition);
            offsets.put(partition,
                    new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewind(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
    }
}
