package dev.tributary.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Multinomial logistic regression, fitted in plain Java: features are standardised (zero mean,
 * unit variance per dimension, from the training set), the loss is mean cross-entropy plus
 * {@code l2 / 2 * |W|^2} (the biases are not penalised), and the fit is full-batch gradient
 * descent with Nesterov momentum at step {@code 1 / L}, where L bounds the loss's curvature.
 * The loss is convex, so the fit needs no tuning and gives the same model for the same data.
 * Linear probes on frozen embeddings use it, in the adapter service and in the evaluation.
 */
public final class SoftmaxRegression {

    /**
     * A fitted model.
     *
     * @param mean the training mean of each feature, D values
     * @param scale the training standard deviation of each feature (1 where it is 0)
     * @param weights K rows of D weights and a bias, (K, D + 1) row-major
     * @param classes K
     */
    public record Fitted(float[] mean, float[] scale, double[] weights, int classes) {

        /** The probability of each class for one feature vector. */
        public double[] probabilities(float[] features) {
            return softmax(logits(standardise(features, mean, scale), weights, classes));
        }

        /** The likeliest class. */
        public int predict(float[] features) {
            double[] p = probabilities(features);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                best = p[k] > p[best] ? k : best;
            }
            return best;
        }

        /** The fraction of the vectors whose likeliest class is their label. */
        public double accuracy(float[][] features, int[] labels) {
            int right = 0;
            for (int i = 0; i < features.length; i++) {
                right += predict(features[i]) == labels[i] ? 1 : 0;
            }
            return (double) right / features.length;
        }
    }

    private SoftmaxRegression() {
    }

    /**
     * Fits the model.
     *
     * @param x N feature vectors of D values
     * @param y N class indices, each below {@code classes}
     */
    public static Fitted fit(float[][] x, int[] y, int classes, double l2, int iterations) {
        int d = x[0].length;
        float[] mean = new float[d];
        float[] scale = new float[d];
        moments(x, mean, scale);
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = standardise(x[i], mean, scale);
        }
        double step = 1 / (0.5 * largestEigenvalue(z) + l2);
        double[] w = new double[classes * (d + 1)];
        double[] v = w.clone();
        double t = 1;
        for (int it = 0; it < iterations; it++) {
            double[] g = gradient(z, y, v, classes, l2);
            double[] next = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                next[j] = v[j] - step * g[j];
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            for (int j = 0; j < w.length; j++) {
                v[j] = next[j] + (t - 1) / tNext * (next[j] - w[j]);
            }
            w = next;
            t = tNext;
        }
        return new Fitted(mean, scale, w, classes);
    }

    private static double[] gradient(double[][] z, int[] y, double[] w, int classes,
            double l2) {
        int d = z[0].length;
        double[] g = new double[w.length];
        for (int i = 0; i < z.length; i++) {
            double[] p = softmax(logits(z[i], w, classes)); // (K)
            p[y[i]] -= 1;
            for (int k = 0; k < classes; k++) {
                int row = k * (d + 1);
                for (int j = 0; j < d; j++) {
                    g[row + j] += p[k] * z[i][j];
                }
                g[row + d] += p[k];
            }
        }
        for (int k = 0; k < classes; k++) {
            int row = k * (d + 1);
            for (int j = 0; j <= d; j++) {
                g[row + j] /= z.length;
                if (j < d) {
                    g[row + j] += l2 * w[row + j];
                }
            }
        }
        return g;
    }

    /**
     * The largest eigenvalue of (Z 1)^T (Z 1) / N by power iteration, with the constant column
     * of the bias; half of it (plus l2) bounds the curvature of softmax cross-entropy.
     */
    private static double largestEigenvalue(double[][] z) {
        int d = z[0].length + 1;
        double[] u = new Random(0).doubles(d).toArray();
        double eigenvalue = 1;
        for (int it = 0; it < 50; it++) {
            double[] next = new double[d];
            for (double[] row : z) {
                double dot = u[d - 1];
                for (int j = 0; j < d - 1; j++) {
                    dot += row[j] * u[j];
                }
                for (int j = 0; j < d - 1; j++) {
                    next[j] += dot * row[j] / z.length;
                }
                next[d - 1] += dot / z.length;
            }
            eigenvalue = Math.sqrt(Arrays.stream(next).map(a -> a * a).sum());
            for (int j = 0; j < d; j++) {
                u[j] = next[j] / eigenvalue;
            }
        }
        // Power iteration approaches from below; the margin keeps the step safely short.
        return eigenvalue * 1.1;
    }

    private static void moments(float[][] x, float[] mean, float[] scale) {
        int d = mean.length;
        double[] sum = new double[d];
        double[] squares = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
                squares[j] += (double) row[j] * row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            double m = sum[j] / x.length;
            double variance = Math.max(0, squares[j] / x.length - m * m);
            mean[j] = (float) m;
            scale[j] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
        }
    }

    private static double[] standardise(float[] x, float[] mean, float[] scale) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got "
                    + x.length);
        }
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    private static double[] logits(double[] z, double[] w, int classes) {
        int d = z.length;
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) {
            int row = k * (d + 1);
            double sum = w[row + d];
            for (int j = 0; j < d; j++) {
                sum += w[row + j] * z[j];
            }
            logits[k] = sum;
        }
        return logits;
    }

    private static double[] softmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElse(0);
        double[] p = new double[logits.length];
        double total = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            total += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= total;
        }
        return p;
    }
}
