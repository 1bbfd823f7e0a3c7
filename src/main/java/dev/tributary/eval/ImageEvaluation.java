package dev.tributary.eval;

import dev.tributary.data.FashionMnist;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.SoftmaxRegression;
import java.io.IOException;
import java.util.List;

/**
 * Scores an image checkpoint on Fashion-MNIST: a linear probe fitted on the first train
 * images and scored on the first test images, beside the same probe on raw pixels and on an
 * untrained encoder, and k-NN on the checkpoint's representations.
 */
public final class ImageEvaluation {

    /** Neighbours that vote in the k-NN figure. */
    public static final int K = 20;

    private static final float L2 = 1e-4f;
    private static final int ITERATIONS = 150;

    private final FashionMnist train;
    private final FashionMnist test;
    private final int trainCount;
    private final int testCount;

    /**
     * @param trainImages how many train images to fit on, at most the 60,000 of the split
     * @param testImages how many test images to score, at most the 10,000 of the split
     */
    public ImageEvaluation(int trainImages, int testImages) throws IOException {
        this.train = FashionMnist.load(FashionMnist.Split.TRAIN);
        this.test = FashionMnist.load(FashionMnist.Split.TEST);
        this.trainCount = Math.min(trainImages, train.count());
        this.testCount = Math.min(testImages, test.count());
    }

    /** All image figures of the checkpoint with this description and weights. */
    public ImageFigures evaluate(ModelDescription description, List<NamedTensor> weights) {
        float[][] trainPixels = pixels(train, trainCount);
        float[][] testPixels = pixels(test, testCount);
        int[] trainLabels = labels(train, trainCount);
        int[] testLabels = labels(test, testCount);
        int classes = FashionMnist.CLASS_NAMES.size();

        double raw = probe(trainPixels, trainLabels, testPixels, testLabels, classes);
        float[][] trainEmbedded;
        float[][] testEmbedded;
        try (ImageEmbedder embedder = new ImageEmbedder(description, weights)) {
            trainEmbedded = embedder.embedEach(trainPixels);
            testEmbedded = embedder.embedEach(testPixels);
        }
        double trained = probe(trainEmbedded, trainLabels, testEmbedded, testLabels, classes);
        double knn = NearestNeighbours.accuracy(trainEmbedded, trainLabels, testEmbedded,
                testLabels, classes, K);
        double random = randomEncoderProbe(SimClrConfig.from(description), trainPixels,
                trainLabels, testPixels, testLabels, classes);
        return new ImageFigures(trainCount, testCount, trained, raw, random, knn, K);
    }

    private static double randomEncoderProbe(SimClrConfig config, float[][] trainPixels,
            int[] trainLabels, float[][] testPixels, int[] testLabels, int classes) {
        try (SimClrLearner untrained = new SimClrLearner(config);
                ImageEmbedder embedder = new ImageEmbedder(untrained.description(),
                        untrained.weights())) {
            return probe(embedder.embedEach(trainPixels), trainLabels,
                    embedder.embedEach(testPixels), testLabels, classes);
        }
    }

    private static double probe(float[][] train, int[] trainLabels, float[][] test,
            int[] testLabels, int classes) {
        return SoftmaxRegression.fit(train, trainLabels, classes, L2, ITERATIONS)
                .accuracy(test, testLabels);
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
