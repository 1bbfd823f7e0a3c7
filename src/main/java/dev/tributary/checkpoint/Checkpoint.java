package dev.tributary.checkpoint;

import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * A manifest and the safetensors weights it describes. Build one with {@link #builder}, which
 * derives the size, hash and chunk count from the weights so the two cannot disagree; a
 * checkpoint read back from Kafka or disk is only trusted after {@link #verify()}.
 *
 * <p>The weights array is shared, not copied, because it can be tens of megabytes; nothing
 * may write to it after it is handed over.
 *
 * @param manifest what the weights are and how to check them
 * @param weights the safetensors file
 */
public record Checkpoint(CheckpointManifest manifest, byte[] weights) {

    public Checkpoint {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(weights, "weights");
    }

    /** Starts a checkpoint of the given model and version. */
    public static Builder builder(String model, long version) {
        return new Builder(model, version);
    }

    /** The model's name, from the manifest. */
    public String model() {
        return manifest.model();
    }

    /** The checkpoint's version, from the manifest. */
    public long version() {
        return manifest.version();
    }

    /**
     * Decodes the weights.
     *
     * @throws IllegalArgumentException when they are not a valid safetensors file
     */
    public List<NamedTensor> tensors() {
        return Safetensors.read(weights).tensors();
    }

    /**
     * Checks that the weights have the manifest's size and SHA-256 and are valid safetensors.
     *
     * @return this checkpoint, to chain
     * @throws InvalidCheckpointException with the first disagreement found
     */
    public Checkpoint verify() throws InvalidCheckpointException {
        if (weights.length != manifest.weightBytes()) {
            throw new InvalidCheckpointException(RejectionReason.SIZE_MISMATCH, "weights have "
                    + weights.length + " bytes, the manifest says " + manifest.weightBytes());
        }
        String actual = sha256(weights);
        if (!actual.equals(manifest.weightsSha256())) {
            throw new InvalidCheckpointException(RejectionReason.HASH_MISMATCH, "weights hash to "
                    + actual + ", the manifest says " + manifest.weightsSha256());
        }
        try {
            Safetensors.check(weights);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(RejectionReason.MALFORMED_WEIGHTS,
                    e.getMessage());
        }
        return this;
    }

    /** SHA-256 of the bytes as 64 lower-case hex digits. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && manifest.equals(that.manifest)
                && Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return manifest.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[" + manifest.model() + " v" + manifest.version() + ", "
                + weights.length + " bytes]";
    }

    /**
     * What the trainer knows about a checkpoint; {@link #build} adds what follows from the
     * weights. Counts default to zero, the offsets to none, the creation time to the moment
     * of building, the tokenizer to none (image models), the chunk size to 1 MiB.
     */
    public static final class Builder {

        private final String model;
        private final long version;
        private long step;
        private long samplesSeen;
        private long tokensSeen;
        private Instant createdAt;
        private ModelDescription description;
        private TrainingMetrics metrics;
        private Map<TopicPartition, Long> inputOffsets = Map.of();
        private String tokenizerJson;
        private int chunkBytes = CheckpointRecords.DEFAULT_CHUNK_BYTES;

        private Builder(String model, long version) {
            this.model = ModelNames.require(model);
            this.version = version;
        }

        /** Training steps taken when the weights were copied out. */
        public Builder step(long steps) {
            this.step = steps;
            return this;
        }

        /** Images or sequences trained on, replayed ones included. */
        public Builder samplesSeen(long samples) {
            this.samplesSeen = samples;
            return this;
        }

        /** Predicted tokens trained on, padding excluded; zero for image models. */
        public Builder tokensSeen(long tokens) {
            this.tokensSeen = tokens;
            return this;
        }

        /** When the weights were copied out; unset means the moment of building, in ms. */
        public Builder createdAt(Instant time) {
            this.createdAt = time;
            return this;
        }

        /** Required: the model's kind and hyper-parameters. */
        public Builder description(ModelDescription modelDescription) {
            this.description = modelDescription;
            return this;
        }

        /** Required: recent training figures. */
        public Builder metrics(TrainingMetrics trainingMetrics) {
            this.metrics = trainingMetrics;
            return this;
        }

        /** For every input partition, the next offset to read. */
        public Builder inputOffsets(Map<TopicPartition, Long> offsets) {
            this.inputOffsets = Map.copyOf(offsets);
            return this;
        }

        /** The {@code tokenizer.json} text of a text model. */
        public Builder tokenizerJson(String json) {
            this.tokenizerJson = json;
            return this;
        }

        /**
         * The largest weight chunk on Kafka, 1 MiB by default, at most
         * {@value CheckpointRecords#MAX_CHUNK_BYTES} bytes so a chunk stays well below the
         * broker's message limit.
         */
        public Builder chunkBytes(int bytes) {
            this.chunkBytes = CheckpointRecords.requireChunkBytes(bytes);
            return this;
        }

        /** Writes the tensors as safetensors and builds the checkpoint around them. */
        public Checkpoint build(List<NamedTensor> tensors) {
            return build(Safetensors.write(tensors, Map.of("format", "pt")));
        }

        /**
         * Builds the checkpoint around a safetensors file, computing its size and hash.
         *
         * @throws IllegalArgumentException when the weights are not valid safetensors or a
         *     manifest field is invalid
         */
        public Checkpoint build(byte[] weights) {
            Safetensors.check(weights);
            Instant time = createdAt != null
                    ? createdAt : Instant.now().truncatedTo(ChronoUnit.MILLIS);
            CheckpointManifest manifest = new CheckpointManifest(
                    CheckpointManifest.FORMAT_VERSION, model, version, step, samplesSeen,
                    tokensSeen, time, description, metrics, inputOffsets, tokenizerJson,
                    weights.length, sha256(weights),
                    CheckpointRecords.chunkCount(weights.length, chunkBytes));
            return new Checkpoint(manifest, weights);
        }
    }
}
