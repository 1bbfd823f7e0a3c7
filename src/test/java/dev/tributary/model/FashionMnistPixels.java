package dev.tributary.model;

import dev.tributary.data.FashionMnist;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The first Fashion-MNIST training images as (N, 1, 28, 28) floats in [0, 1], for tests. */
final class FashionMnistPixels {

    static final int SIZE = 28 * 28;

    private static FashionMnist train;

    private FashionMnistPixels() {
    }

    /** Images {@code first} to {@code first + count - 1}, row-major, (N, 1, 28, 28). */
    static synchronized float[] images(int first, int count) {
        if (train == null) {
            try {
                train = FashionMnist.load(FashionMnist.Split.TRAIN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        float[] pixels = new float[count * SIZE];
        for (int i = 0; i < count; i++) {
            byte[] image = train.pixels(first + i);
            for (int p = 0; p < SIZE; p++) {
                pixels[i * SIZE + p] = Byte.toUnsignedInt(image[p]) / 255f;
            }
        }
        return pixels;
    }
}
