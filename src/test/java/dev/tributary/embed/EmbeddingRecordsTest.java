package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.RejectReason;
import dev.tributary.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the embed service writes, record by record. */
class EmbeddingRecordsTest {

    private static final ConsumerRecord<byte[], byte[]> INPUT = input();

    @Test
    void vectorIsLittleEndianFloat32() {
        byte[] bytes = EmbeddingRecords.toBytes(new float[] {1f, -2f});

        // 1.0f is 0x3F800000 and -2.0f is 0xC0000000; little-endian puts the low byte first.
        assertThat(bytes).containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0);
        assertThat(EmbeddingRecords.fromBytes(bytes)).containsExactly(1f, -2f);
    }

    @Test
    void valueOfTheWrongLengthIsNotAVector() {
        assertThatThrownBy(() -> EmbeddingRecords.fromBytes(new byte[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 bytes");
    }

    @Test
    void embeddingKeepsTheKeyAndLabelAndNamesTheModelAndVersion() {
        ProducerRecord<byte[], byte[]> embedding = EmbeddingRecords.embedding("out", INPUT,
                new float[] {0.5f}, "simclr", 12);

        assertThat(embedding.topic()).isEqualTo("out");
        assertThat(embedding.key()).isEqualTo(INPUT.key());
        assertThat(EmbeddingRecords.fromBytes(embedding.value())).containsExactly(0.5f);
        assertThat(DeadLetters.header(embedding.headers(), "label")).isEqualTo("coat");
        assertThat(DeadLetters.header(embedding.headers(), EmbeddingRecords.MODEL))
                .isEqualTo("simclr");
        assertThat(DeadLetters.header(embedding.headers(), EmbeddingRecords.CHECKPOINT_VERSION))
                .isEqualTo("12");
    }

    @Test
    void deadLetterCarriesTheOriginalBytesAndIngestsHeaders() {
        ProducerRecord<byte[], byte[]> dead = EmbeddingRecords.deadLetter("dlq", INPUT,
                new InvalidRecordException(RejectReason.CORRUPT_IMAGE, "PNG: truncated"));

        assertThat(dead.key()).isEqualTo(INPUT.key());
        assertThat(dead.value()).isEqualTo(INPUT.value());
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON))
                .isEqualTo("CORRUPT_IMAGE");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON_DETAIL))
                .isEqualTo("PNG: truncated");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC))
                .isEqualTo("images.raw");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION))
                .isEqualTo("2");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET))
                .isEqualTo("41");
        assertThat(DeadLetters.header(dead.headers(), "label")).isEqualTo("coat");
    }

    private static ConsumerRecord<byte[], byte[]> input() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images.raw", 2, 41,
                "img-7".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        record.headers().add("label", "coat".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
