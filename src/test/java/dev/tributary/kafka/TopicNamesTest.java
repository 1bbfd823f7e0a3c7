package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void defaultsUseTheTributaryPrefix() {
        TopicNames names = TopicNames.defaults();

        assertThat(names.textRaw()).isEqualTo("tributary.text.raw");
        assertThat(names.imagesBatches()).isEqualTo("tributary.images.batches");
        assertThat(names.dlq()).isEqualTo("tributary.dlq");
        assertThat(names.imagesEmbeddings()).isEqualTo("tributary.images.embeddings");
    }

    @Test
    void prefixAppliesToEveryName() {
        assertThat(TopicNames.withPrefix("demo.").all())
                .hasSize(8)
                .allSatisfy(name -> assertThat(name).startsWith("demo."))
                .doesNotHaveDuplicates();
    }

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> new TopicNames("a", "b", "c", "d", " ", "f", "g", "h"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
