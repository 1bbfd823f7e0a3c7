package dev.tributary.data;

/**
 * What the image decoder produces and what it accepts.
 *
 * @param channels 1 for grayscale (luma) or 3 for RGB
 * @param height output height in pixels
 * @param width output width in pixels
 * @param maxPixels largest width times height a header may declare; larger images are refused
 *     before any pixel memory is allocated
 * @param maxBytes largest encoded image accepted
 */
public record ImageSpec(int channels, int height, int width, long maxPixels, int maxBytes) {

    /** 4096 x 4096: a decoded RGB image of this size takes 64 MB of heap. */
    public static final long DEFAULT_MAX_PIXELS = 16_777_216L;
    /** 8 MiB: above Kafka's default 1 MiB message size, so normally the broker refuses first. */
    public static final int DEFAULT_MAX_BYTES = 8 << 20;

    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("size must be positive: " + height + "x" + width);
        }
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** A spec with the default limits. */
    public static ImageSpec of(int channels, int height, int width) {
        return new ImageSpec(channels, height, width, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);
    }

    /** 28x28 grayscale, the shape of Fashion-MNIST and Tributary's default encoder input. */
    public static ImageSpec defaultGrayscale() {
        return of(1, 28, 28);
    }

    /** Bytes of one decoded image: channels x height x width. */
    public int outputSize() {
        return channels * height * width;
    }
}
