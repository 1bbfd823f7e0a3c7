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

    /** Images embedded in one forward pass, so a long list needs bounded memory. */
    private static final int CHUNK = 64;

    /** The representation of one decoded image of {@link #spec()}'s shape, bytes 0 to 255. */
    public float[] embed(byte[] planes) {
        return embed(List.of(planes))[0];
    }

    /** The representations of decoded images of {@link #spec()}'s shape, bytes 0 to 255. */
    public float[][] embed(List<byte[]> images) {
        int size = spec.outputSize();
        float[][] vectors = new float[images.size()][];
        for (int start = 0; start < images.size(); start += CHUNK) {
            int count = Math.min(CHUNK, images.size() - start);
            float[] pixels = new float[count * size]; // (N, C, H, W)
            for (int n = 0; n < count; n++) {
                byte[] planes = images.get(start + n);
                for (int i = 0; i < size; i++) {
                    pixels[n * size + i] = (planes[i] & 0xff) / 255f;
                }
            }
            float[][] chunk = embedder.embed(pixels, count); // (N, D)
            System.arraycopy(chunk, 0, vectors, start, count);
        }
        return vectors;
    }

    @Override
    public void close() {
        embedder.close();
    }
}
