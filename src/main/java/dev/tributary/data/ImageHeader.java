package dev.tributary.data;

/**
 * What an image's header declares, read without decoding any pixels.
 *
 * @param format PNG or JPEG
 * @param width declared width; unsigned 32-bit in PNG, hence a long
 * @param height declared height
 * @param components colour components per pixel as stored (JPEG: 1, 3 or 4; PNG: 1 to 4)
 */
public record ImageHeader(Format format, long width, long height, int components) {

    /** The two formats Tributary accepts. */
    public enum Format { PNG, JPEG }

    /**
     * Declared number of pixels, saturating at {@link Long#MAX_VALUE}: two unsigned 32-bit PNG
     * dimensions can multiply past the range of a long, and a wrapped product would pass as small.
     */
    public long pixels() {
        long product = width * height;
        return Math.multiplyHigh(width, height) != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
