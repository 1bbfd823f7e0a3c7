package dev.tributary.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes randomly distorted views of images for contrastive learning, in plain Java on float
 * arrays laid out (N, C, H, W) with values in [0, 1]. Each view goes through the transforms of
 * {@link AugmentationConfig} in order: random resized crop with bilinear resampling back to
 * H x W and horizontal flip (one resampling pass), brightness and contrast jitter, gaussian
 * blur, gaussian noise, random erasing.
 *
 * <p>The same seed and the same sequence of calls give the same output. Not thread-safe: it
 * keeps its random state and scratch buffers; give each thread its own instance.
 */
public final class ImageAugmenter {

    private static final int PLACEMENT_ATTEMPTS = 10;

    private final AugmentationConfig config;
    private final int channels;
    private final int height;
    private final int width;
    private final int plane;
    private final SplittableRandom random;
    private final Box box = new Box();
    private final Axis rows;
    private final Axis columns;
    private final float[] scratch;
    private final float[] paddedRow;

    /**
     * Creates an augmenter for images of one shape.
     *
     * @param config the transforms, their probabilities and strengths
     * @param channels image channels, C
     * @param height image height in pixels, H
     * @param width image width in pixels, W
     * @param seed starts the random sequence
     */
    public ImageAugmenter(AugmentationConfig config, int channels, int height, int width,
            long seed) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be positive");
        }
        this.config = config;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.random = new SplittableRandom(seed);
        this.rows = new Axis(height);
        this.columns = new Axis(width);
        this.scratch = new float[plane];
        // The blur radius is at most half the smaller side.
        this.paddedRow = new float[width + Math.min(height, width) + 1];
    }

    /** Returns one new view of each of the {@code count} images: (N, C, H, W). */
    public float[] augment(float[] images, int count) {
        float[] views = new float[count * channels * plane];
        augment(images, count, views, 0);
        return views;
    }

    /**
     * Writes one new view of each of the {@code count} images in {@code images} (N, C, H, W)
     * into {@code target} from {@code offset} on, in the same layout.
     */
    public void augment(float[] images, int count, float[] target, int offset) {
        int size = channels * plane;
        if (images.length < count * size || target.length < offset + count * size) {
            throw new IllegalArgumentException("arrays too short for " + count + " images of "
                    + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < count; i++) {
            augmentImage(images, i * size, target, offset + i * size);
        }
    }

    private void augmentImage(float[] source, int from, float[] target, int to) {
        resample(source, from, target, to);
        if (chance(config.brightnessProbability())) {
            scale(target, to, uniform(1 - config.brightness(), 1 + config.brightness()));
        }
        if (chance(config.contrastProbability())) {
            contrast(target, to, uniform(1 - config.contrast(), 1 + config.contrast()));
        }
        if (chance(config.blurProbability())) {
            blur(target, to, uniform(config.blurSigmaMin(), config.blurSigmaMax()));
        }
        if (chance(config.noiseProbability())) {
            noise(target, to, config.noiseStd());
        }
        if (chance(config.eraseProbability())) {
            erase(target, to);
        }
    }

    /** Crops (or keeps the whole image), flips, and resamples bilinearly to H x W. */
    private void resample(float[] source, int from, float[] target, int to) {
        box.whole(height, width);
        if (chance(config.cropProbability())) {
            place(config.cropScaleMin(), config.cropScaleMax(), config.cropRatioMin(),
                    config.cropRatioMax());
        }
        boolean flip = chance(config.flipProbability());
        rows.map(box.top, box.height, false);
        columns.map(box.left, box.width, flip);
        for (int c = 0; c < channels; c++) {
            int sourcePlane = from + c * plane;
            int targetPlane = to + c * plane;
            for (int y = 0; y < height; y++) {
                int above = sourcePlane + rows.low[y] * width;
                int below = sourcePlane + rows.high[y] * width;
                float wy = rows.weight[y];
                int out = targetPlane + y * width;
                for (int x = 0; x < width; x++) {
                    int lo = columns.low[x];
                    int hi = columns.high[x];
                    float wx = columns.weight[x];
                    float top = source[above + lo] + wx * (source[above + hi] - source[above + lo]);
                    float bottom = source[below + lo]
                            + wx * (source[below + hi] - source[below + lo]);
                    target[out + x] = clamp(top + wy * (bottom - top));
                }
            }
        }
    }

    /**
     * Draws a rectangle of the given relative area and aspect ratio that fits the image, into
     * {@link #box}; keeps the whole image when ten draws do not fit.
     */
    private boolean place(float scaleMin, float scaleMax, float ratioMin, float ratioMax) {
        double area = (double) height * width;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            double target = area * uniform(scaleMin, scaleMax);
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w >= 1 && h >= 1 && w <= width && h <= height) {
                box.set(random.nextInt(height - h + 1), random.nextInt(width - w + 1), h, w);
                return true;
            }
        }
        return false;
    }

    private void scale(float[] image, int from, float factor) {
        int end = from + channels * plane;
        for (int i = from; i < end; i++) {
            image[i] = clamp(image[i] * factor);
        }
    }

    /** Blends each pixel with the image mean: factor 0 gives a flat image, 1 no change. */
    private void contrast(float[] image, int from, float factor) {
        int end = from + channels * plane;
        double sum = 0;
        for (int i = from; i < end; i++) {
            sum += image[i];
        }
        float mean = (float) (sum / (end - from));
        for (int i = from; i < end; i++) {
            image[i] = clamp(mean + factor * (image[i] - mean));
        }
    }

    /** Separable gaussian blur reaching 2 sigma, edges repeated. */
    private void blur(float[] image, int from, float sigma) {
        int radius = Math.max(1, Math.min((int) Math.ceil(2 * sigma), Math.min(height, width) / 2));
        float[] kernel = gaussianKernel(sigma, radius);
        for (int c = 0; c < channels; c++) {
            int start = from + c * plane;
            blurRows(image, start, kernel, radius);
            blurColumns(image, start, kernel, radius);
        }
    }

    /** Blurs each row of one channel plane of {@code image} into {@link #scratch}. */
    private void blurRows(float[] image, int start, float[] kernel, int radius) {
        for (int y = 0; y < height; y++) {
            int row = start + y * width;
            // The row with its edge pixels repeated, so the kernel loop needs no bounds checks.
            for (int x = -radius; x < width + radius; x++) {
                paddedRow[x + radius] = image[row + Math.min(width - 1, Math.max(0, x))];
            }
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = 0; k < kernel.length; k++) {
                    sum += kernel[k] * paddedRow[x + k];
                }
                scratch[y * width + x] = sum;
            }
        }
    }

    /** Blurs the columns of {@link #scratch} back into one channel plane of {@code image}. */
    private void blurColumns(float[] image, int start, float[] kernel, int radius) {
        for (int y = 0; y < height; y++) {
            int out = start + y * width;
            Arrays.fill(image, out, out + width, 0f);
            for (int k = -radius; k <= radius; k++) {
                int source = Math.min(height - 1, Math.max(0, y + k)) * width;
                float weight = kernel[k + radius];
                for (int x = 0; x < width; x++) {
                    image[out + x] += weight * scratch[source + x];
                }
            }
            for (int x = out; x < out + width; x++) {
                // Rounding can carry a weighted sum of ones just past 1.
                image[x] = clamp(image[x]);
            }
        }
    }

    private static float[] gaussianKernel(float sigma, int radius) {
        float[] kernel = new float[2 * radius + 1];
        float total = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-0.5 * k * k / ((double) sigma * sigma));
            total += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= total;
        }
        return kernel;
    }

    private void noise(float[] image, int from, float std) {
        int end = from + channels * plane;
        for (int i = from; i < end; i++) {
            image[i] = clamp(image[i] + std * (float) random.nextGaussian());
        }
    }

    /** Fills one random rectangle, in every channel, with the erase value. */
    private void erase(float[] image, int from) {
        if (!place(config.eraseScaleMin(), config.eraseScaleMax(), config.eraseRatioMin(),
                config.eraseRatioMax())) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int y = box.top; y < box.top + box.height; y++) {
                int row = from + c * plane + y * width;
                for (int x = box.left; x < box.left + box.width; x++) {
                    image[row + x] = config.eraseValue();
                }
            }
        }
    }

    private boolean chance(float probability) {
        return probability > 0 && random.nextFloat() < probability;
    }

    private float uniform(float min, float max) {
        return min + (max - min) * random.nextFloat();
    }

    /** Keeps a NaN a NaN, so a broken image still makes a non-finite loss downstream. */
    private static float clamp(float value) {
        return Math.min(1f, Math.max(0f, value));
    }

    /** A rectangle in pixel coordinates. */
    private static final class Box {
        int top;
        int left;
        int height;
        int width;

        void whole(int imageHeight, int imageWidth) {
            set(0, 0, imageHeight, imageWidth);
        }

        void set(int top, int left, int height, int width) {
            this.top = top;
            this.left = left;
            this.height = height;
            this.width = width;
        }
    }

    /**
     * For each output coordinate along one axis, the two source coordinates to interpolate
     * between and the weight of the second, sampling pixel centres as PyTorch's bilinear
     * interpolation does without aligned corners.
     */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final float[] weight;

        Axis(int size) {
            low = new int[size];
            high = new int[size];
            weight = new float[size];
        }

        void map(int start, int span, boolean reversed) {
            int size = low.length;
            int last = start + span - 1;
            for (int out = 0; out < size; out++) {
                int from = reversed ? size - 1 - out : out;
                float position = start + (from + 0.5f) * span / size - 0.5f;
                position = Math.min(last, Math.max(start, position));
                int floor = (int) position;
                low[out] = floor;
                high[out] = Math.min(floor + 1, last);
                weight[out] = position - floor;
            }
        }
    }
}
