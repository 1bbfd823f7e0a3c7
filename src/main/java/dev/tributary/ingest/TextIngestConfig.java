package dev.tributary.ingest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the text ingest topology.
 *
 * @param modelName key of every emitted batch: the model the batches are for
 * @param tokenizer the Hugging Face {@code tokenizer.json} documents are encoded with
 * @param sequenceLength tokens in each packed training sequence
 * @param batchSize sequences in a full batch
 * @param maxBytes largest accepted document, in UTF-8 bytes
 * @param linger longest time a partly filled sequence or batch waits before it is emitted
 */
public record TextIngestConfig(String modelName, Path tokenizer, int sequenceLength,
        int batchSize, int maxBytes, Duration linger) {

    public static final String DEFAULT_MODEL = "lm";

    public TextIngestConfig {
        if (sequenceLength < 2) {
            throw new IllegalArgumentException("sequence length must be at least 2 tokens");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("text batch size must be at least 1");
        }
    }

    /** Sequences of 64 tokens, batches of 32, documents up to 64 KiB, one second of linger. */
    public static TextIngestConfig defaults(Path tokenizer) {
        return new TextIngestConfig(DEFAULT_MODEL, tokenizer, 64, 32, 64 * 1024,
                Duration.ofSeconds(1));
    }
}
