package dev.tributary.adapt;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.ImageSpec;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.SimClrConfig;
import java.util.List;

/**
 * A loaded image encoder and the input shape it was trained on, which uploaded images are
 * decoded and resized to.
 *
 * @param embedder the encoder
 * @param spec the decoded shape and the upload limits
 */
public record ImageModel(ImageEmbedder embedder, ImageSpec spec) implements AutoCloseable {

    /**
     * Loads a SimCLR checkpoint.
     *
     * @param maxImageBytes largest encoded image accepted
     * @throws IllegalArgumentException when the checkpoint is not a loadable SimCLR model
     */
    public static ImageModel load(Checkpoint checkpoint, int maxImageBytes) {
        SimClrConfig config = SimClrConfig.from(checkpoint.manifest().description());
        ImageSpec spec = new ImageSpec(config.channels(), config.height(), config.width(),
                ImageSpec.DEFAULT_MAX_PIXELS, maxImageBytes);
        return new ImageModel(new ImageEmbedder(checkpoint.manifest().description(),
                checkpoint.tensors()), spec);
    }

    /** The representation of one decoded image of {@link #spec()}'s shape, bytes 0 to 255. */
    public float[] embed(byte[] planes) {
        return embed(List.of(planes))[0];
    }

    /** The representations of decoded images of {@link #spec()}'s shape, bytes 0 to 255. */
    public float[][] embed(List<byte[]> images) {
        return embedder.embedEach(images); // (N, D)
    }

    @Override
    public void close() {
        embedder.close();
    }
}
