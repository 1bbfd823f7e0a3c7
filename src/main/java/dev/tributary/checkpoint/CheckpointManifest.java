package dev.tributary.checkpoint;

import dev.tributary.model.ModelDescription;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything a checkpoint says about its weights, as one JSON document. Readers in any language
 * can follow it: keys are snake_case, numbers are plain JSON numbers, the time is ISO-8601.
 *
 * <pre>{@code
 * {"format_version": 1, "model": "lm", "version": 12, "step": 3400,
 *  "samples_seen": 108800, "tokens_seen": 6963200, "created_at": "2025-01-02T03:04:05.678Z",
 *  "description": {"kind": "lm", "hyper_parameters": {"layers": "2", "width": "128"}},
 *  "metrics": {"loss": 2.31, "learning_rate": 3.0E-4, "gradient_norm": 0.84,
 *              "samples_per_second": 410.5},
 *  "input_offsets": {"tributary.text.batches": {"0": 3400}},
 *  "tokenizer_json": "{...}",
 *  "weight_bytes": 2104344, "weights_sha256": "9f86d0...", "chunk_count": 3}
 * }</pre>
 *
 * @param formatVersion the manifest layout, {@value #FORMAT_VERSION} for this one; readers
 *     reject layouts they do not know
 * @param model the model's name, which keys its checkpoints on Kafka and on disk
 * @param version the checkpoint's number, increasing with every checkpoint of the model
 * @param step training steps taken when the weights were copied out
 * @param samplesSeen images or sequences trained on, replayed ones included
 * @param tokensSeen predicted tokens trained on, padding excluded; zero for image models
 * @param createdAt when the weights were copied out of the trainer
 * @param description the model's kind and the hyper-parameters needed to rebuild it
 * @param metrics recent training figures
 * @param inputOffsets for every input partition, the next offset to read; a restarted
 *     trainer seeks there so model state and stream position agree
 * @param tokenizerJson the Hugging Face {@code tokenizer.json} text of a text model; null for
 *     image models
 * @param weightBytes the length of the safetensors weights file
 * @param weightsSha256 SHA-256 of the weights file, 64 lower-case hex digits
 * @param chunkCount how many records the weights travel in on Kafka, at least 1
 */
public record CheckpointManifest(
        int formatVersion,
        String model,
        long version,
        long step,
        long samplesSeen,
        long tokensSeen,
        Instant createdAt,
        ModelDescription description,
        TrainingMetrics metrics,
        Map<TopicPartition, Long> inputOffsets,
        String tokenizerJson,
        long weightBytes,
        String weightsSha256,
        int chunkCount) {

    /** The manifest layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Orders offsets by topic, then partition, so the JSON of equal manifests is equal. */
    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Rejects values no trainer can produce, naming the field. */
    public CheckpointManifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("Manifest format version " + formatVersion
                    + " is not supported; this reader knows version " + FORMAT_VERSION);
        }
        ModelNames.require(model);
        requireNatural("version", version);
        requireNatural("step", step);
        requireNatural("samplesSeen", samplesSeen);
        requireNatural("tokensSeen", tokensSeen);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(metrics, "metrics");
        inputOffsets = sortedOffsets(inputOffsets);
        if (weightBytes < 1) {
            throw new IllegalArgumentException("weightBytes must be positive, got " + weightBytes);
        }
        if (weightsSha256 == null || !SHA256_HEX.matcher(weightsSha256).matches()) {
            throw new IllegalArgumentException("weightsSha256 must be 64 lower-case hex digits,"
                    + " got " + weightsSha256);
        }
        if (chunkCount < 1 || chunkCount > weightBytes) {
            throw new IllegalArgumentException("chunkCount must be 1 to weightBytes ("
                    + weightBytes + "), got " + chunkCount);
        }
    }

    /** The manifest as UTF-8 JSON, the same bytes for equal manifests. */
    public byte[] toJson() {
        return ManifestJson.write(this);
    }

    /**
     * Parses a manifest.
     *
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static CheckpointManifest fromJson(byte[] json) {
        return ManifestJson.read(json);
    }

    private static Map<TopicPartition, Long> sortedOffsets(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> sorted = new TreeMap<>(PARTITION_ORDER);
        Objects.requireNonNull(offsets, "inputOffsets").forEach((partition, offset) -> {
            requireNatural("input offset of " + partition, Objects.requireNonNull(offset));
            sorted.put(Objects.requireNonNull(partition), offset);
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static void requireNatural(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
