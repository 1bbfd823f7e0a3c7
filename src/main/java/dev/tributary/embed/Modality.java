package dev.tributary.embed;

import dev.tributary.kafka.TopicNames;
import java.util.Locale;

/** What an embed service embeds: each modality has its topics, its model and its group. */
public enum Modality {
    IMAGES("simclr"),
    TEXT("lm");

    private final String defaultModel;

    Modality(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    /** The value of the {@code modality} tag on every meter, and part of the group name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The model whose checkpoints embed this modality unless another is configured. */
    public String defaultModel() {
        return defaultModel;
    }

    /** Where producers write the records to embed. */
    public String rawTopic(TopicNames topics) {
        return this == IMAGES ? topics.imagesRaw() : topics.textRaw();
    }

    /** Where the vectors go. */
    public String embeddingTopic(TopicNames topics) {
        return this == IMAGES ? topics.imagesEmbeddings() : topics.textEmbeddings();
    }
}
