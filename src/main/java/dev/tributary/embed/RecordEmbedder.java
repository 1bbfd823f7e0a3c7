package dev.tributary.embed;

import dev.tributary.data.InvalidRecordException;
import java.util.List;

/**
 * One loaded checkpoint that turns raw record values into vectors: first each value on its
 * own into the model's input, then a whole micro-batch in one model call. Used by one thread
 * at a time, the service's polling thread.
 *
 * @param <P> the model input of one record
 */
interface RecordEmbedder<P> extends AutoCloseable {

    /** The name of the model, written into the {@code model} header. */
    String model();

    /** The checkpoint version, written into the {@code checkpoint.version} header. */
    long version();

    /**
     * Validates and decodes one record value.
     *
     * @throws InvalidRecordException naming the reason when the value cannot be embedded
     */
    P prepare(byte[] value);

    /** One vector per input, in order, from one model call. */
    float[][] embed(List<P> inputs);

    /** Frees the model; nothing may use it afterwards. */
    @Override
    void close();
}
