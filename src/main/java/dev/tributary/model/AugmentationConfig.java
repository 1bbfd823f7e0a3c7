package dev.tributary.model;

/**
 * How {@link ImageAugmenter} distorts each view of an image. Every transform has a probability
 * of being applied to a view and a strength; they run in the order listed here. Pixel values
 * are kept in [0, 1].
 *
 * @param cropProbability chance of a random resized crop; otherwise the whole image is used
 * @param cropScaleMin smallest crop area, as a fraction of the image area
 * @param cropScaleMax largest crop area, as a fraction of the image area
 * @param cropRatioMin smallest width-to-height ratio of the crop (drawn log-uniformly)
 * @param cropRatioMax largest width-to-height ratio of the crop
 * @param flipProbability chance of a horizontal (left-right) flip
 * @param brightnessProbability chance of scaling every pixel by one random factor
 * @param brightness the factor is drawn from [1 - brightness, 1 + brightness]
 * @param contrastProbability chance of moving pixels towards or away from the image mean
 * @param contrast the contrast factor is drawn from [1 - contrast, 1 + contrast]
 * @param blurProbability chance of a gaussian blur
 * @param blurSigmaMin smallest blur standard deviation, in pixels
 * @param blurSigmaMax largest blur standard deviation, in pixels; the kernel reaches 2 sigma
 * @param noiseProbability chance of adding gaussian noise to every pixel
 * @param noiseStd standard deviation of that noise
 * @param eraseProbability chance of filling one random rectangle with {@code eraseValue}
 * @param eraseScaleMin smallest erased area, as a fraction of the image area
 * @param eraseScaleMax largest erased area, as a fraction of the image area
 * @param eraseRatioMin smallest width-to-height ratio of the erased rectangle (log-uniform)
 * @param eraseRatioMax largest width-to-height ratio of the erased rectangle
 * @param eraseValue the value written into the erased rectangle
 */
public record AugmentationConfig(
        float cropProbability, float cropScaleMin, float cropScaleMax,
        float cropRatioMin, float cropRatioMax,
        float flipProbability,
        float brightnessProbability, float brightness,
        float contrastProbability, float contrast,
        float blurProbability, float blurSigmaMin, float blurSigmaMax,
        float noiseProbability, float noiseStd,
        float eraseProbability, float eraseScaleMin, float eraseScaleMax,
        float eraseRatioMin, float eraseRatioMax, float eraseValue) {

    public AugmentationConfig {
        requireProbability("cropProbability", cropProbability);
        requireProbability("flipProbability", flipProbability);
        requireProbability("brightnessProbability", brightnessProbability);
        requireProbability("contrastProbability", contrastProbability);
        requireProbability("blurProbability", blurProbability);
        requireProbability("noiseProbability", noiseProbability);
        requireProbability("eraseProbability", eraseProbability);
        requireRange("cropScale", cropScaleMin, cropScaleMax, 1);
        requireRange("cropRatio", cropRatioMin, cropRatioMax, Float.MAX_VALUE);
        requireRange("blurSigma", blurSigmaMin, blurSigmaMax, Float.MAX_VALUE);
        requireRange("eraseScale", eraseScaleMin, eraseScaleMax, 1);
        requireRange("eraseRatio", eraseRatioMin, eraseRatioMax, Float.MAX_VALUE);
        if (!(brightness >= 0 && brightness <= 1) || !(contrast >= 0 && contrast <= 1)) {
            throw new IllegalArgumentException("brightness and contrast must be in [0, 1]");
        }
        if (!(noiseStd >= 0) || !(eraseValue >= 0 && eraseValue <= 1)) {
            throw new IllegalArgumentException("noiseStd must be >= 0 and eraseValue in [0, 1]");
        }
    }

    /**
     * SimCLR's recipe scaled to small grayscale images: crops of 35 to 100 % of the area, flips,
     * strong brightness and contrast jitter, occasional blur, noise and erasing.
     */
    public static AugmentationConfig defaults() {
        return new AugmentationConfig(
                1.0f, 0.35f, 1.0f, 0.75f, 4f / 3f,
                0.5f,
                0.8f, 0.4f,
                0.8f, 0.4f,
                0.3f, 0.1f, 1.0f,
                0.3f, 0.05f,
                0.25f, 0.02f, 0.2f, 0.3f, 3.3f, 0.0f);
    }

    /** No transform at all: both views equal the image. */
    public static AugmentationConfig none() {
        return new AugmentationConfig(
                0, 1, 1, 1, 1,
                0,
                0, 0,
                0, 0,
                0, 1, 1,
                0, 0,
                0, 0.1f, 0.1f, 1, 1, 0);
    }

    private static void requireProbability(String name, float p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }

    private static void requireRange(String name, float min, float max, float limit) {
        if (!(min > 0 && min <= max && max <= limit)) {
            throw new IllegalArgumentException(name + " range must satisfy 0 < min <= max <= "
                    + limit + ", got [" + min + ", " + max + "]");
        }
    }
}
