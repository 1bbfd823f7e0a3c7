package dev.tributary.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.FashionMnist;
import dev.tributary.model.SoftmaxRegression;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe and k-NN learn Fashion-MNIST from raw pixels: far above the 0.1 of guessing, and
 * shuffled labels take the probe's test accuracy back to chance.
 */
class ClassifiersTest {

    private static float[][] trainPixels;
    private static int[] trainLabels;
    private static float[][] testPixels;
    private static int[] testLabels;

    @BeforeAll
    static void readImages() throws IOException {
        FashionMnist train = FashionMnist.load(FashionMnist.Split.TRAIN);
        FashionMnist test = FashionMnist.load(FashionMnist.Split.TEST);
        trainPixels = pixels(train, 2_000);
        trainLabels = labels(train, 2_000);
        testPixels = pixels(test, 500);
        testLabels = labels(test, 500);
    }

    @Test
    void linearProbeOnRawPixelsClassifiesMostTestImages() {
        double accuracy = SoftmaxRegression.fit(trainPixels, trainLabels, 10, 1e-4f, 150)
                .accuracy(testPixels, testLabels);
        assertThat(accuracy).isGreaterThan(0.7);
    }

    @Test
    void linearProbeOnShuffledLabelsIsNearChance() {
        int[] permuted = permuted(trainLabels, new Random(3));
        double accuracy = SoftmaxRegression.fit(trainPixels, permuted, 10, 1e-4f, 150)
                .accuracy(testPixels, testLabels);
        assertThat(accuracy).isLessThan(0.25);
    }

    @Test
    void nearestNeighboursOnRawPixelsClassifyMostTestImages() {
        double accuracy = NearestNeighbours.accuracy(trainPixels, trainLabels, testPixels,
                testLabels, 10, 20);
        assertThat(accuracy).isGreaterThan(0.7);
    }

    private static int[] permuted(int[] labels, Random random) {
        int[] copy = labels.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = copy[i];
            copy[i] = copy[j];
            copy[j] = swap;
        }
        return copy;
    }

    private static float[][] pixels(FashionMnist split, int count) {
        float[][] images = new float[count][];
        for (int i = 0; i < count; i++) {
            images[i] = split.normalizedPixels(i);
        }
        return images;
    }

    private static int[] labels(FashionMnist split, int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = split.label(i);
        }
        return labels;
    }
}
