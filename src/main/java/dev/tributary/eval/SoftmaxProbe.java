package dev.tributary.eval;

import java.util.stream.IntStream;

/**
 * A linear probe: multinomial logistic regression on standardized features, fitted by
 * full-batch gradient descent with Nesterov momentum and an L2 penalty on the weights.
 *
 * <p>Full-batch descent is slow next to L-BFGS but has no step-size search to go wrong; on
 * standardized features a fixed step of 0.5 converges within a few hundred iterations, which
 * is enough to compare representations with each other (all are fitted the same way).
 */
final class SoftmaxProbe {

    private static final float STEP = 0.5f;
    private static final float MOMENTUM = 0.9f;

    private final float[] mean;
    private final float[] scale;
    private final float[] weights; // (K, D + 1), the last column the bias
    private final int classes;

    private SoftmaxProbe(float[] mean, float[] scale, float[] weights, int classes) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.classes = classes;
    }

    /**
     * Fits a probe to {@code features} (N rows of D) with labels in {@code [0, classes)}.
     *
     * @param l2 penalty on the squared weights, biases excluded
     * @param iterations full passes over the data
     */
    static SoftmaxProbe fit(float[][] features, int[] labels, int classes, float l2,
            int iterations) {
        int dimension = features[0].length;
        float[] mean = new float[dimension];
        float[] scale = new float[dimension];
        standardization(features, mean, scale);
        float[][] x = standardized(features, mean, scale);
        int width = dimension + 1;
        float[] w = new float[classes * width];
        float[] velocity = new float[w.length];
        float[] ahead = new float[w.length];
        for (int iteration = 0; iteration < iterations; iteration++) {
            for (int i = 0; i < w.length; i++) {
                ahead[i] = w[i] + MOMENTUM * velocity[i];
            }
            float[] gradient = gradient(x, labels, classes, ahead);
            for (int i = 0; i < w.length; i++) {
                boolean bias = i % width == dimension;
                float g = gradient[i] + (bias ? 0 : l2 * ahead[i]);
                velocity[i] = MOMENTUM * velocity[i] - STEP * g;
                w[i] += velocity[i];
            }
        }
        return new SoftmaxProbe(mean, scale, w, classes);
    }

    /** The share of rows whose likeliest class is their label. */
    double accuracy(float[][] features, int[] labels) {
        float[][] x = standardized(features, mean, scale);
        long correct = IntStream.range(0, x.length).parallel()
                .filter(row -> argmax(scores(x[row], weights, classes)) == labels[row]).count();
        return (double) correct / x.length;
    }

    private static float[] gradient(float[][] x, int[] labels, int classes, float[] w) {
        int width = x[0].length + 1;
        int threads = Runtime.getRuntime().availableProcessors();
        int rowsPerPart = (x.length + threads - 1) / threads;
        float[][] parts = IntStream.range(0, threads).parallel().mapToObj(part -> {
            float[] sum = new float[w.length];
            int end = Math.min(x.length, (part + 1) * rowsPerPart);
            for (int row = part * rowsPerPart; row < end; row++) {
                float[] p = softmax(scores(x[row], w, classes));
                p[labels[row]] -= 1;
                for (int k = 0; k < classes; k++) {
                    int offset = k * width;
                    for (int d = 0; d < width - 1; d++) {
                        sum[offset + d] += p[k] * x[row][d];
                    }
                    sum[offset + width - 1] += p[k];
                }
            }
            return sum;
        }).toArray(float[][]::new);
        float[] gradient = new float[w.length];
        for (float[] part : parts) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += part[i] / x.length;
            }
        }
        return gradient;
    }

    private static float[] scores(float[] row, float[] w, int classes) {
        int width = row.length + 1;
        float[] scores = new float[classes];
        for (int k = 0; k < classes; k++) {
            int offset = k * width;
            float sum = w[offset + width - 1];
            for (int d = 0; d < row.length; d++) {
                sum += w[offset + d] * row[d];
            }
            scores[k] = sum;
        }
        return scores;
    }

    private static float[] softmax(float[] scores) {
        float max = scores[argmax(scores)];
        float total = 0;
        for (int k = 0; k < scores.length; k++) {
            scores[k] = (float) Math.exp(scores[k] - max);
            total += scores[k];
        }
        for (int k = 0; k < scores.length; k++) {
            scores[k] /= total;
        }
        return scores;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void standardization(float[][] features, float[] mean, float[] scale) {
        int dimension = mean.length;
        double[] sum = new double[dimension];
        double[] squares = new double[dimension];
        for (float[] row : features) {
            for (int d = 0; d < dimension; d++) {
                sum[d] += row[d];
                squares[d] += (double) row[d] * row[d];
            }
        }
        for (int d = 0; d < dimension; d++) {
            double m = sum[d] / features.length;
            double variance = Math.max(0, squares[d] / features.length - m * m);
            mean[d] = (float) m;
            // A constant feature (a border pixel that is always 0) is centred, not scaled up.
            scale[d] = variance > 1e-12 ? (float) (1 / Math.sqrt(variance)) : 0f;
        }
    }

    private static float[][] standardized(float[][] features, float[] mean, float[] scale) {
        float[][] x = new float[features.length][mean.length];
        for (int row = 0; row < features.length; row++) {
            for (int d = 0; d < mean.length; d++) {
                x[row][d] = (features[row][d] - mean[d]) * scale[d];
            }
        }
        return x;
    }
}
