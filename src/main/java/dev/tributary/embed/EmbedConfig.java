package dev.tributary.embed;

import java.util.Objects;

/**
 * How one embed service runs.
 *
 * @param modality images or text
 * @param model the model whose checkpoints it follows, {@code simclr} or {@code lm} by default
 * @param groupPrefix prefix of the consumer group, e.g. {@code tributary.}; instances sharing
 *     the group split the raw topic's partitions between them
 * @param maxBatchRecords the most records one poll returns; they are embedded in model calls of
 *     at most {@link dev.tributary.model.ImageEmbedder#CALL_IMAGES} images and written in one
 *     transaction
 */
public record EmbedConfig(Modality modality, String model, String groupPrefix,
        int maxBatchRecords) {

    /**
     * 512 records. A poll returns only what has arrived, so when the service keeps up a
     * micro-batch holds what came in during the previous one, and this bound is reached only
     * after a backlog; then a larger transaction spreads its fixed cost (a few broker round
     * trips, tens of milliseconds on a busy machine) over more records, so the service catches
     * up instead of falling further behind. With 64 here, embedding images at 500 a second on
     * two busy cores fell behind for good, to seconds of latency.
     */
    public static final int DEFAULT_MAX_BATCH_RECORDS = 512;

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
