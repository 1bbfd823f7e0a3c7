package dev.tributary.embed;

import java.util.Objects;

/**
 * How one embed service runs.
 *
 * @param modality images or text
 * @param model the model whose checkpoints it follows, {@code simclr} or {@code lm} by default
 * @param groupPrefix prefix of the consumer group, e.g. {@code tributary.}; instances sharing
 *     the group split the raw topic's partitions between them
 * @param maxBatchRecords the most records one poll returns; they are embedded in one call and
 *     written in one transaction
 */
public record EmbedConfig(Modality modality, String model, String groupPrefix,
        int maxBatchRecords) {

    /** 64 records: large enough to amortise a model call, small enough to keep latency low. */
    public static final int DEFAULT_MAX_BATCH_RECORDS = 64;

    public EmbedConfig {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(groupPrefix, "groupPrefix");
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be positive: "
                    + maxBatchRecords);
        }
    }

    /** The modality's default model and batch size under the given group prefix. */
    public static EmbedConfig defaults(Modality modality, String groupPrefix) {
        return new EmbedConfig(modality, modality.defaultModel(), groupPrefix,
                DEFAULT_MAX_BATCH_RECORDS);
    }

    /** The same settings with another batch size. */
    public EmbedConfig withMaxBatchRecords(int records) {
        return new EmbedConfig(modality, model, groupPrefix, records);
    }

    /** The consumer group of every instance embedding this modality, e.g. embed-images. */
    public String groupId() {
        return groupPrefix + "embed-" + modality.tag();
    }
}
