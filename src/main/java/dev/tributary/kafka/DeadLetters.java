package dev.tributary.kafka;

import dev.tributary.data.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the original key, value and headers, plus headers that say why the
 * record was refused and where it came from, so it can be found, fixed and replayed.
 */
public final class DeadLetters {

    /** Reason code, one of {@link dev.tributary.data.RejectReason}'s names. */
    public static final String REASON = "reason";
    /** Human sentence naming what was wrong with this particular record. */
    public static final String REASON_DETAIL = "reason.detail";
    public static final String SOURCE_TOPIC = "source.topic";
    public static final String SOURCE_PARTITION = "source.partition";
    public static final String SOURCE_OFFSET = "source.offset";

    private DeadLetters() {
    }

    /** The dead-letter record for {@code original}, refused for {@code cause}. */
    public static Record<byte[], byte[]> of(Record<byte[], byte[]> original,
            InvalidRecordException cause, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        put(headers, REASON, cause.reason().name());
        put(headers, REASON_DETAIL, cause.getMessage());
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        return new Record<>(original.key(), original.value(), original.timestamp(), headers);
    }

    /** The value of a header as UTF-8 text, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
