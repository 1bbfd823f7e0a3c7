package dev.tributary.model;

import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Turns images into the representation vectors of a trained SimCLR encoder (the output before
 * the projection head), for the embed service and the probes.
 *
 * <p>Runs in inference mode: batch norm uses the running statistics stored with the weights, no
 * gradients are tracked, and each call frees its intermediates in a sub-manager of its own. The
 * vectors equal those of {@link SimClrLearner#embed} with the same weights, since both run the
 * same {@link SimClrNetwork}. Calls are serialised; an instance holds a copy of the weights, so
 * threads that must embed in parallel can each have their own.
 */
public final class ImageEmbedder implements AutoCloseable {

    /**
     * Most images embedded in one forward pass by {@link #embedEach}: 64 images cost 0.27 ms
     * each on one core here, 256 images 0.36 ms each and a single image 4 ms, so larger calls
     * save nothing, and a long list needs bounded memory.
     */
    public static final int CALL_IMAGES = 64;

    private final NDManager manager;
    private final SimClrNetwork network;

    /**
     * Builds the encoder a checkpoint describes and loads its weights.
     *
     * @throws IllegalArgumentException if the description is not a SimCLR model, or a weight is
     *     missing, unknown or of the wrong shape
     */
    public ImageEmbedder(ModelDescription description, List<NamedTensor> weights) {
        SimClrConfig config = SimClrConfig.from(description);
        this.manager = Engines.pytorch().newBaseManager();
        try {
            this.network = SimClrNetwork.create(config, manager);
            network.freeze();
            network.load(weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The representations of {@code count} images given as (N, C, H, W) floats in [0, 1].
     *
     * @return {@code count} vectors of {@link #dimension()} floats
     * @throws IllegalArgumentException if the pixel count does not match the configured shape
     */
    public synchronized float[][] embed(float[] pixels, int count) {
        return network.embed(pixels, count);
    }

    /**
     * The representations of many images, one (C, H, W) array of floats in [0, 1] each,
     * embedded {@value #CALL_IMAGES} at a time.
     */
    public float[][] embedEach(float[][] images) {
        return inCalls(images.length, (image, pixels, offset) ->
                System.arraycopy(images[image], 0, pixels, offset, imageSize()));
    }

    /**
     * The representations of many decoded images, one (C, H, W) array of bytes 0 to 255 each,
     * embedded {@value #CALL_IMAGES} at a time.
     */
    public float[][] embedEach(List<byte[]> planes) {
        return inCalls(planes.size(), (image, pixels, offset) -> {
            byte[] bytes = planes.get(image);
            for (int i = 0; i < imageSize(); i++) {
                pixels[offset + i] = (bytes[i] & 0xFF) / 255f;
            }
        });
    }

    private float[][] inCalls(int count, PixelCopy copy) {
        int size = imageSize();
        float[][] vectors = new float[count][];
        for (int start = 0; start < count; start += CALL_IMAGES) {
            int call = Math.min(CALL_IMAGES, count - start);
            float[] pixels = new float[call * size]; // (n, C, H, W)
            for (int n = 0; n < call; n++) {
                copy.into(start + n, pixels, n * size);
            }
            System.arraycopy(embed(pixels, call), 0, vectors, start, call); // (n, D)
        }
        return vectors;
    }

    private int imageSize() {
        SimClrConfig config = network.config();
        return config.channels() * config.height() * config.width();
    }

    /** Writes image number {@code image} into {@code pixels} from {@code offset} on. */
    private interface PixelCopy {
        void into(int image, float[] pixels, int offset);
    }

    /** A copy of the weights, running statistics included, as a checkpoint holds them. */
    public synchronized List<NamedTensor> weights() {
        return network.weights();
    }

    /** Length of every vector, D. */
    public int dimension() {
        return network.config().representationSize();
    }

    /** The configuration the description named. */
    public SimClrConfig config() {
        return network.config();
    }

    @Override
    public synchronized void close() {
        manager.close();
    }
}
