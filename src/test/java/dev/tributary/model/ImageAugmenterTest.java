package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ImageAugmenterTest {

    private static final AugmentationConfig NONE = AugmentationConfig.none();

    @Test
    void withoutTransformsTheViewIsTheImage() {
        float[] images = FashionMnistPixels.images(0, 4);

        float[] view = new ImageAugmenter(NONE, 1, 28, 28, 1).augment(images, 4);

        assertThat(view).containsExactly(images);
    }

    @Test
    void certainFlipMirrorsEveryRowOfEveryChannel() {
        // Two channels of 2 x 3: values name their position, so a mirror is easy to write out.
        float[] image = {
            0.1f, 0.2f, 0.3f,
            0.4f, 0.5f, 0.6f,

            0.7f, 0.8f, 0.9f,
            1.0f, 0.0f, 0.05f};
        AugmentationConfig flipOnly = with(NONE, "flipProbability", 1f);

        float[] view = new ImageAugmenter(flipOnly, 2, 2, 3, 1).augment(image, 1);

        assertThat(view).containsExactly(
                0.3f, 0.2f, 0.1f,
                0.6f, 0.5f, 0.4f,

                0.9f, 0.8f, 0.7f,
                0.05f, 0.0f, 1.0f);
    }

    @Test
    void aCropOfAGradientZoomsIn() {
        // Pixel value rises left to right; a crop of a quarter of the area, resampled back to
        // full size, must still rise along every row but span a narrower range.
        float[] gradient = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                gradient[y * 28 + x] = x / 27f;
            }
        }
        AugmentationConfig quarterCrops = with(with(with(NONE, "cropProbability", 1f),
                "cropScaleMin", 0.25f), "cropScaleMax", 0.25f);

        float[] view = new ImageAugmenter(quarterCrops, 1, 28, 28, 3).augment(gradient, 1);

        for (int y = 0; y < 28; y++) {
            for (int x = 1; x < 28; x++) {
                assertThat(view[y * 28 + x]).isGreaterThanOrEqualTo(view[y * 28 + x - 1]);
            }
            float span = view[y * 28 + 27] - view[y * 28];
            // The crop is about 14 pixels wide (ratio 3/4 to 4/3): a span of about 13/27.
            assertThat(span).isBetween(0.3f, 0.65f);
        }
    }

    @Test
    void defaultAugmentationsKeepRealImagesInTheUnitRange() {
        float[] images = FashionMnistPixels.images(0, 256);

        float[] view = new ImageAugmenter(AugmentationConfig.defaults(), 1, 28, 28, 5)
                .augment(images, 256);

        for (float value : view) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void theSameSeedGivesTheSameViews() {
        float[] images = FashionMnistPixels.images(0, 16);
        AugmentationConfig defaults = AugmentationConfig.defaults();

        float[] first = new ImageAugmenter(defaults, 1, 28, 28, 11).augment(images, 16);
        float[] second = new ImageAugmenter(defaults, 1, 28, 28, 11).augment(images, 16);
        float[] otherSeed = new ImageAugmenter(defaults, 1, 28, 28, 12).augment(images, 16);

        assertThat(second).containsExactly(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void twoViewsOfEachImageDiffer() {
        float[] images = FashionMnistPixels.images(0, 32);
        ImageAugmenter augmenter = new ImageAugmenter(AugmentationConfig.defaults(), 1, 28, 28, 9);

        float[] one = augmenter.augment(images, 32);
        float[] two = augmenter.augment(images, 32);

        for (int i = 0; i < 32; i++) {
            float[] a = Arrays.copyOfRange(one, i * 784, (i + 1) * 784);
            float[] b = Arrays.copyOfRange(two, i * 784, (i + 1) * 784);
            assertThat(meanAbsoluteDifference(a, b)).as("image %d", i).isGreaterThan(0.01);
        }
    }

    @Test
    void certainErasingBlanksOneRectangleOfTheConfiguredArea() {
        float[] white = new float[28 * 28];
        Arrays.fill(white, 1f);
        AugmentationConfig eraseOnly = with(NONE, "eraseProbability", 1f);
        eraseOnly = with(with(eraseOnly, "eraseScaleMin", 0.1f), "eraseScaleMax", 0.2f);
        eraseOnly = with(with(eraseOnly, "eraseRatioMin", 0.5f), "eraseRatioMax", 2f);

        float[] view = new ImageAugmenter(eraseOnly, 1, 28, 28, 4).augment(white, 1);

        int top = 28;
        int bottom = -1;
        int left = 28;
        int right = -1;
        int erased = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (view[y * 28 + x] == 0f) {
                    erased++;
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertThat(erased).isEqualTo((bottom - top + 1) * (right - left + 1));
        // Rounding the sides to whole pixels moves the area a little past the range.
        assertThat(erased / 784.0).isBetween(0.08, 0.23);
    }

    @Test
    void blurSmoothsAnEdgeAndKeepsAFlatImageFlat() {
        float[] halves = new float[2 * 28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 14; x < 28; x++) {
                halves[y * 28 + x] = 1f;
            }
        }
        Arrays.fill(halves, 784, 2 * 784, 0.25f);
        AugmentationConfig blurOnly = with(with(with(NONE, "blurProbability", 1f),
                "blurSigmaMin", 1f), "blurSigmaMax", 1f);

        float[] view = new ImageAugmenter(blurOnly, 1, 28, 28, 2).augment(halves, 2);

        assertThat(view[10 * 28 + 13]).isBetween(0.2f, 0.5f);
        assertThat(view[10 * 28 + 14]).isBetween(0.5f, 0.8f);
        assertThat(view[10 * 28 + 2]).isZero();
        for (int i = 784; i < 2 * 784; i++) {
            assertThat(view[i]).isCloseTo(0.25f, within(1e-6f));
        }
    }

    @Test
    void noiseHasTheConfiguredStandardDeviation() {
        float[] grey = new float[28 * 28];
        Arrays.fill(grey, 0.5f);
        AugmentationConfig noiseOnly = with(with(NONE, "noiseProbability", 1f), "noiseStd", 0.1f);

        float[] view = new ImageAugmenter(noiseOnly, 1, 28, 28, 6).augment(grey, 1);

        double sumOfSquares = 0;
        for (float value : view) {
            sumOfSquares += (value - 0.5) * (value - 0.5);
        }
        assertThat(Math.sqrt(sumOfSquares / view.length)).isCloseTo(0.1, within(0.01));
    }

    @Test
    void brightnessScalesAFlatImageWithinItsRange() {
        float[] grey = new float[28 * 28];
        Arrays.fill(grey, 0.5f);
        AugmentationConfig brightnessOnly = with(with(NONE, "brightnessProbability", 1f),
                "brightness", 0.4f);

        float[] view = new ImageAugmenter(brightnessOnly, 1, 28, 28, 8).augment(grey, 1);

        assertThat(view[0]).isBetween(0.3f, 0.7f).isNotEqualTo(0.5f);
        for (float value : view) {
            assertThat(value).isEqualTo(view[0]);
        }
    }

    @Test
    void contrastMovesPixelsAroundTheMeanAndKeepsIt() {
        float[] stripes = new float[28 * 28];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (i / 28) % 2 == 0 ? 0.4f : 0.6f;
        }
        AugmentationConfig contrastOnly = with(with(NONE, "contrastProbability", 1f),
                "contrast", 0.5f);

        float[] view = new ImageAugmenter(contrastOnly, 1, 28, 28, 10).augment(stripes, 1);

        float low = view[0];
        float high = view[28];
        assertThat(high - low).isBetween(0.1f, 0.3f).isNotCloseTo(0.2f, within(1e-4f));
        assertThat((low + high) / 2).isCloseTo(0.5f, within(1e-5f));
    }

    @Test
    void notANumberStaysNotANumber() {
        float[] broken = FashionMnistPixels.images(0, 1);
        Arrays.fill(broken, Float.NaN);
        AugmentationConfig noErasing = with(AugmentationConfig.defaults(), "eraseProbability", 0f);

        float[] view = new ImageAugmenter(noErasing, 1, 28, 28, 1).augment(broken, 1);

        for (float value : view) {
            assertThat(value).isNaN();
        }
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** A copy of the config with one component changed, through its description form. */
    static AugmentationConfig with(AugmentationConfig config, String component, float value) {
        java.util.Map<String, String> values = new java.util.HashMap<>(RecordStrings.write(config));
        if (values.put(component, Float.toString(value)) == null) {
            throw new IllegalArgumentException("no component " + component);
        }
        return RecordStrings.read(AugmentationConfig.class, values);
    }
}
