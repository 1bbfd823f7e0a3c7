package dev.tributary.ingest;

import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.RejectReason;
import dev.tributary.kafka.DeadLetters;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends refused records to the dead-letter sink of a topology and counts them. */
final class Rejections {

    private static final Logger log = LoggerFactory.getLogger(Rejections.class);

    private final String sinkName;
    private final IngestMetrics metrics;

    Rejections(String sinkName, IngestMetrics metrics) {
        this.sinkName = sinkName;
        this.metrics = metrics;
    }

    /** Refuses records without a key: keys name documents and images downstream. */
    static void requireKey(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new InvalidRecordException(RejectReason.MISSING_KEY);
        }
    }

    void reject(ProcessorContext<Object, Object> context, Record<byte[], byte[]> record,
            InvalidRecordException cause) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        log.debug("Rejected {}-{}@{}: {} ({})", source.topic(), source.partition(),
                source.offset(), cause.reason(), cause.getMessage());
        metrics.recordRejected(cause.reason());
        context.forward(DeadLetters.of(record, cause, source), sinkName);
    }
}
