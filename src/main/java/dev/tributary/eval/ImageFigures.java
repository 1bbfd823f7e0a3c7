package dev.tributary.eval;

/**
 * How well a SimCLR checkpoint's representations separate the Fashion-MNIST classes.
 *
 * @param trainImages images of the train split the probes were fitted on
 * @param testImages images of the test split they were scored on
 * @param probeCheckpoint linear-probe accuracy on the checkpoint's representations
 * @param probeRawPixels the same probe on the raw pixels
 * @param probeRandomEncoder the same probe on a randomly initialised encoder of the same shape
 * @param knnCheckpoint k-nearest-neighbour accuracy (cosine) on the checkpoint's
 *     representations
 * @param k neighbours voting in {@code knnCheckpoint}
 */
public record ImageFigures(int trainImages, int testImages, double probeCheckpoint,
        double probeRawPixels, double probeRandomEncoder, double knnCheckpoint, int k) {
}
