package dev.tributary.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stack of grayscale images read from an IDX file: {@code count} images of {@code rows} by
 * {@code cols} pixels, stored one after another in row-major order, each byte an unsigned
 * intensity 0..255.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException(
                    "negative dimension " + count + "x" + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not "
                    + count + "x" + rows + "x" + cols);
        }
    }

    /** Pixels of one image. */
    public int imageSize() {
        return rows * cols;
    }

    /** A copy of image {@code i}, row-major, {@code rows * cols} bytes. */
    public byte[] image(int i) {
        Objects.checkIndex(i, count);
        int size = imageSize();
        return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
    }
}
