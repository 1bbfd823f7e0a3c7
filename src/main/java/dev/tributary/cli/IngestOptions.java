package dev.tributary.cli;

import dev.tributary.data.ImageSpec;
import dev.tributary.ingest.ImageIngestConfig;
import dev.tributary.ingest.TextIngestConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Settings of the ingest topologies, shared by {@code ingest}, {@code demo} and the bench. */
final class IngestOptions {

    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads per topology (default: one per core).")
    Integer threads;

    @Option(names = "--image-size", defaultValue = "28", paramLabel = "PIXELS",
            description = "Images are resized to PIXELS×PIXELS (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--channels", defaultValue = "1",
            description = "1 for grayscale, 3 for RGB (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--image-batch-size", defaultValue = "256",
            description = "Images in a batch (default: ${DEFAULT-VALUE}).")
    int imageBatchSize;

    @Option(names = "--text-batch-size", defaultValue = "32",
            description = "Token sequences in a batch (default: ${DEFAULT-VALUE}).")
    int textBatchSize;

    @Option(names = "--sequence-length", defaultValue = "64",
            description = "Tokens in a training sequence (default: ${DEFAULT-VALUE}).")
    int sequenceLength;

    @Option(names = "--max-text-bytes", defaultValue = "65536",
            description = "Largest accepted document in bytes (default: ${DEFAULT-VALUE}).")
    int maxTextBytes;

    @Option(names = "--linger", defaultValue = "1s", converter = DurationConverter.class,
            description = "Longest wait of a partly filled batch (default: ${DEFAULT-VALUE}).")
    Duration linger;

    int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    ImageIngestConfig images() {
        ImageSpec defaults = ImageSpec.defaultGrayscale();
        ImageSpec spec = new ImageSpec(channels, imageSize, imageSize, defaults.maxPixels(),
                defaults.maxBytes());
        return new ImageIngestConfig(ImageIngestConfig.DEFAULT_MODEL, spec, imageBatchSize,
                linger);
    }

    TextIngestConfig text(Path tokenizer) {
        return new TextIngestConfig(TextIngestConfig.DEFAULT_MODEL, tokenizer, sequenceLength,
                textBatchSize, maxTextBytes, linger);
    }
}
