package dev.tributary.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

/** k-nearest-neighbour classification by cosine similarity, each neighbour one vote. */
final class NearestNeighbours {

    private NearestNeighbours() {
    }

    /**
     * The share of test rows whose majority label among the {@code k} most cosine-similar
     * training rows is their own; a tie goes to the lower label.
     */
    static double accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels,
            int classes, int k) {
        float[][] unitTrain = unit(train);
        float[][] unitTest = unit(test);
        long correct = IntStream.range(0, test.length).parallel()
                .filter(row -> vote(unitTrain, trainLabels, unitTest[row], classes, k)
                        == testLabels[row]).count();
        return (double) correct / test.length;
    }

    private static int vote(float[][] train, int[] labels, float[] query, int classes, int k) {
        int kept = Math.min(k, train.length);
        float[] best = new float[kept];
        int[] bestLabel = new int[kept];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < train.length; i++) {
            float similarity = dot(train[i], query);
            if (similarity > best[kept - 1]) {
                int at = kept - 1;
                while (at > 0 && best[at - 1] < similarity) {
                    best[at] = best[at - 1];
                    bestLabel[at] = bestLabel[at - 1];
                    at--;
                }
                best[at] = similarity;
                bestLabel[at] = labels[i];
            }
        }
        int[] votes = new int[classes];
        for (int label : bestLabel) {
            votes[label]++;
        }
        int winner = 0;
        for (int c = 1; c < classes; c++) {
            if (votes[c] > votes[winner]) {
                winner = c;
            }
        }
        return winner;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[][] unit(float[][] rows) {
        float[][] unit = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double norm = Math.sqrt(dot(rows[r], rows[r]));
            unit[r] = new float[rows[r].length];
            for (int d = 0; d < rows[r].length; d++) {
                unit[r][d] = norm > 0 ? (float) (rows[r][d] / norm) : 0f;
            }
        }
        return unit;
    }
}
