package dev.tributary.checkpoint;

import dev.tributary.kafka.MessageLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The layout of checkpoints on the checkpoint topic ({@code tributary.checkpoints}, one
 * partition), which any Kafka client can follow.
 *
 * <p>One checkpoint is one Kafka transaction holding, in this order on partition 0, its N weight
 * chunks and then its manifest:
 *
 * <pre>{@code
 * key (UTF-8)                  value                    headers (UTF-8 strings)
 * <model>/<version>/chunk/0    weights bytes [0, c)     kind=chunk, model, version,
 * ...                                                   chunk.index, chunk.count
 * <model>/<version>/chunk/N-1  bytes [(N-1)c, size)
 * <model>/<version>/manifest   manifest JSON (UTF-8)    kind=manifest, model, version,
 *                                                       chunk.count
 * }</pre>
 *
 * <ul>
 *   <li>The weights are one safetensors file of {@code weight_bytes} bytes; N is the manifest's
 *       {@code chunk_count} and every chunk but the last holds c = ceil(size / N) bytes.
 *       Concatenating the chunk values in index order gives the file back.
 *   <li>Versions and indexes are decimal without padding; model names never contain
 *       {@code /}. Headers repeat what the key says, for readers that filter on headers.
 *   <li>Read with {@code isolation.level=read_committed}: then records of an aborted
 *       transaction, or of a trainer fenced by a newer one, are never seen. Chunks always come
 *       before their manifest, so a reader buffers chunks by (model, version) and acts when
 *       the manifest arrives: all N chunks present, total length equal to
 *       {@code weight_bytes}, SHA-256 equal to {@code weights_sha256}; otherwise it rejects
 *       the version and keeps the model it has.
 *   <li>Size-bounded retention deletes the oldest records first, so the oldest checkpoint on
 *       the topic may have lost its first chunks; a reader rejects it as incomplete.
 * </ul>
 */
public final class CheckpointRecords {

    /** The default largest chunk: 1 MiB, a sixteenth of the broker's message limit. */
    public static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;

    /** The largest chunk allowed: half the largest record the broker accepts. */
    public static final int MAX_CHUNK_BYTES = MessageLimits.MAX_BATCH_RECORD_BYTES / 2;

    /** Header naming the record kind, {@code chunk} or {@code manifest}. */
    public static final String HEADER_KIND = "kind";
    /** Header naming the model. */
    public static final String HEADER_MODEL = "model";
    /** Header holding the checkpoint version, in decimal. */
    public static final String HEADER_VERSION = "version";
    /** Header holding a chunk's index, from 0, in decimal. */
    public static final String HEADER_CHUNK_INDEX = "chunk.index";
    /** Header holding the number of chunks of the version, in decimal. */
    public static final String HEADER_CHUNK_COUNT = "chunk.count";

    /**
     * Every record goes to partition 0, so chunks and manifest stay in one ordered log even on
     * a topic created with more partitions.
     */
    public static final int PARTITION = 0;

    private CheckpointRecords() {
    }

    /** How many chunks of at most {@code chunkBytes} a file of {@code size} bytes needs. */
    static int chunkCount(long size, int chunkBytes) {
        return Math.toIntExact(Math.max(1, (size + chunkBytes - 1) / chunkBytes));
    }

    static int requireChunkBytes(int bytes) {
        if (bytes < 1 || bytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("Chunk size must be 1 to " + MAX_CHUNK_BYTES
                    + " bytes, got " + bytes);
        }
        return bytes;
    }

    /** The records of one checkpoint, chunks first, in the order they must be written. */
    public static List<ProducerRecord<String, byte[]>> of(String topic, Checkpoint checkpoint) {
        CheckpointManifest manifest = checkpoint.manifest();
        byte[] weights = checkpoint.weights();
        int count = manifest.chunkCount();
        long chunkBytes = (weights.length + (long) count - 1) / count;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count + 1);
        for (int index = 0; index < count; index++) {
            int from = (int) Math.min(weights.length, index * chunkBytes);
            int to = (int) Math.min(weights.length, from + chunkBytes);
            CheckpointRecordKey key =
                    CheckpointRecordKey.chunk(manifest.model(), manifest.version(), index);
            records.add(new ProducerRecord<>(topic, PARTITION, key.text(),
                    Arrays.copyOfRange(weights, from, to), headers(key, count)));
        }
        CheckpointRecordKey manifestKey =
                CheckpointRecordKey.manifest(manifest.model(), manifest.version());
        records.add(new ProducerRecord<>(topic, PARTITION, manifestKey.text(), manifest.toJson(),
                headers(manifestKey, count)));
        return records;
    }

    /** The headers every record of a checkpoint carries, repeating its key. */
    public static Headers headers(CheckpointRecordKey key, int chunkCount) {
        Headers headers = new RecordHeaders();
        add(headers, HEADER_KIND, key.kind().word());
        add(headers, HEADER_MODEL, key.model());
        add(headers, HEADER_VERSION, Long.toString(key.version()));
        if (key.kind() == CheckpointRecordKey.Kind.CHUNK) {
            add(headers, HEADER_CHUNK_INDEX, Integer.toString(key.chunkIndex()));
        }
        add(headers, HEADER_CHUNK_COUNT, Integer.toString(chunkCount));
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
