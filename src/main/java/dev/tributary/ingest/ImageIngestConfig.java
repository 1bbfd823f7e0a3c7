package dev.tributary.ingest;

import dev.tributary.data.ImageSpec;
import java.time.Duration;

/**
 * Settings of the image ingest topology.
 *
 * @param modelName key of every emitted batch: the model the batches are for
 * @param spec the size and channels images are converted to, and the input limits
 * @param batchSize images in a full batch
 * @param linger longest time a partly filled batch waits before it is emitted anyway
 */
public record ImageIngestConfig(String modelName, ImageSpec spec, int batchSize,
        Duration linger) {

    public static final String DEFAULT_MODEL = "simclr";

    public ImageIngestConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("image batch size must be at least 1");
        }
    }

    /** 28×28 grayscale, batches of 256, one second of linger. */
    public static ImageIngestConfig defaults() {
        return new ImageIngestConfig(DEFAULT_MODEL, ImageSpec.defaultGrayscale(), 256,
                Duration.ofSeconds(1));
    }
}
