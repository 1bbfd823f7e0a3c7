package dev.tributary.embed;

import dev.tributary.data.InvalidRecordException;
import dev.tributary.kafka.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The records the embed service writes. An embedding keeps the input's key and headers (so a
 * {@code label} travels on) and adds {@value #CHECKPOINT_VERSION} and {@value #MODEL}; its
 * value is the vector as little-endian float32, D values in 4 D bytes. A refused input goes to
 * the dead-letter topic exactly as ingest writes it, through {@link DeadLetters}.
 */
public final class EmbeddingRecords {

    /** The version of the checkpoint that made the vector, in decimal. */
    public static final String CHECKPOINT_VERSION = "checkpoint.version";
    /** The name of the model that made the vector, e.g. {@code simclr}. */
    public static final String MODEL = "model";

    private EmbeddingRecords() {
    }

    /** The embedding of {@code input} made by the given model and version. */
    static ProducerRecord<byte[], byte[]> embedding(String topic,
            ConsumerRecord<byte[], byte[]> input, float[] vector, String model, long version) {
        Headers headers = new RecordHeaders(input.headers().toArray());
        put(headers, CHECKPOINT_VERSION, Long.toString(version));
        put(headers, MODEL, model);
        return new ProducerRecord<>(topic, null, input.key(), toBytes(vector), headers);
    }

    /** The dead-letter record of {@code input}, with ingest's reason and source headers. */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic,
            ConsumerRecord<byte[], byte[]> input, InvalidRecordException cause) {
        // Record refuses negative timestamps, which only records without one carry.
        Record<byte[], byte[]> original = new Record<>(input.key(), input.value(),
                Math.max(0, input.timestamp()), input.headers());
        Record<byte[], byte[]> dead = DeadLetters.of(original, cause, new Source(input));
        return new ProducerRecord<>(topic, null, dead.key(), dead.value(), dead.headers());
    }

    /** The vector as little-endian float32. */
    public static byte[] toBytes(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /**
     * The vector of an embedding record's value.
     *
     * @throws IllegalArgumentException when the length is not a multiple of four bytes
     */
    public static float[] fromBytes(byte[] value) {
        if (value.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("an embedding of " + value.length
                    + " bytes is not a whole number of float32 values");
        }
        FloatBuffer floats = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] vector = new float[floats.remaining()];
        floats.get(vector);
        return vector;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a consumed record came from, in the form the dead-letter builder reads. */
    private record Source(String topic, int partition, long offset) implements RecordMetadata {

        Source(ConsumerRecord<?, ?> record) {
            this(record.topic(), record.partition(), record.offset());
        }
    }
}
