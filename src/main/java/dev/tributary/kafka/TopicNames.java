package dev.tributary.kafka;

import java.util.List;
import java.util.Objects;

/**
 * The names of Tributary's topics. Every name can be replaced on its own; {@link #withPrefix}
 * derives them all from one prefix, {@value #DEFAULT_PREFIX} by default.
 *
 * @param textRaw UTF-8 documents from producers, keyed by document id
 * @param imagesRaw PNG or JPEG images from producers, keyed by image id
 * @param textBatches packed token-id training batches, keyed by model name
 * @param imagesBatches packed normalized-pixel training batches, keyed by model name
 * @param dlq rejected input with a reason header, keyed by the original key
 * @param checkpoints checkpoint manifests and weight chunks
 * @param textEmbeddings one vector per text record, keyed by the input key
 * @param imagesEmbeddings one vector per image record, keyed by the input key
 */
public record TopicNames(
        String textRaw,
        String imagesRaw,
        String textBatches,
        String imagesBatches,
        String dlq,
        String checkpoints,
        String textEmbeddings,
        String imagesEmbeddings) {

    /** The prefix of the default names. */
    public static final String DEFAULT_PREFIX = "tributary.";

    /** Rejects missing or blank names, which Kafka would reject later and less clearly. */
    public TopicNames {
        for (String name : List.of(textRaw, imagesRaw, textBatches, imagesBatches, dlq,
                checkpoints, textEmbeddings, imagesEmbeddings)) {
            if (Objects.requireNonNull(name, "topic name").isBlank()) {
                throw new IllegalArgumentException("Topic names must not be blank");
            }
        }
    }

    /** The default names, such as {@code tributary.text.raw}. */
    public static TopicNames defaults() {
        return withPrefix(DEFAULT_PREFIX);
    }

    /** The default names under another prefix, such as {@code demo.text.raw} for "demo.". */
    public static TopicNames withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new TopicNames(
                prefix + "text.raw",
                prefix + "images.raw",
                prefix + "text.batches",
                prefix + "images.batches",
                prefix + "dlq",
                prefix + "checkpoints",
                prefix + "text.embeddings",
                prefix + "images.embeddings");
    }

    /** All names, raw topics first, in the order of the record's components. */
    public List<String> all() {
        return List.of(textRaw, imagesRaw, textBatches, imagesBatches, dlq, checkpoints,
                textEmbeddings, imagesEmbeddings);
    }
}
