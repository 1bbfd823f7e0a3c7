package dev.tributary.checkpoint;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one model, assembled from the topic's records, with every outcome logged
 * and counted. Records of other models are skipped before they reach the buffer.
 */
final class ModelAssembly {

    // Logged under the reader's name, the class operators know and configure.
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReader.class);

    private final String model;
    private final CheckpointAssembler assembler;
    private final CheckpointReadMetrics metrics;

    ModelAssembly(String model, long maxBufferedBytes, CheckpointReadMetrics metrics) {
        this.model = ModelNames.require(model);
        this.assembler = new CheckpointAssembler(maxBufferedBytes);
        this.metrics = metrics;
    }

    /** Feeds one record; the outcome when it was a manifest of this model. */
    Optional<AssemblyResult> accept(ConsumerRecord<String, byte[]> record) {
        Optional<CheckpointRecordKey> key = CheckpointRecordKey.parse(record.key());
        if (key.isEmpty() || !key.get().model().equals(model)) {
            return Optional.empty();
        }
        Optional<AssemblyResult> result = assembler.accept(record);
        result.ifPresent(this::report);
        return result;
    }

    private void report(AssemblyResult result) {
        if (result instanceof AssemblyResult.Verified verified) {
            metrics.verified(model);
            LOG.debug("Checkpoint {} v{} verified ({} bytes)", model,
                    verified.checkpoint().version(), verified.checkpoint().weights().length);
        } else if (result instanceof AssemblyResult.Rejected rejected) {
            metrics.rejected(rejected.rejection());
            LOG.warn("Checkpoint {}", rejected.rejection().describe());
        }
    }
}
