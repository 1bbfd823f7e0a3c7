package dev.tributary.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from a model's logits: the most likely one at temperature 0, otherwise
 * one drawn from the softmax of {@code logits / temperature} over the {@code topK} most likely
 * tokens. The same logits and the same state of the random generator give the same token.
 */
final class TokenSampler {

    private TokenSampler() {
    }

    /**
     * @param temperature 0 for greedy decoding; higher spreads the choice more evenly
     * @param topK how many of the likeliest tokens may be drawn; 0 or less for all of them
     *     (tokens tied with the k-th likeliest are kept too)
     * @throws IllegalArgumentException if the temperature is negative or not a number
     */
    static int sample(float[] logits, float temperature, int topK, Random random) {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 or positive: "
                    + temperature);
        }
        if (temperature == 0) {
            return argmax(logits);
        }
        float threshold = threshold(logits, topK);
        float max = logits[argmax(logits)];
        double[] weights = new double[logits.length];
        double total = 0;
        for (int id = 0; id < logits.length; id++) {
            if (logits[id] >= threshold) {
                weights[id] = Math.exp((logits[id] - max) / temperature);
                total += weights[id];
            }
        }
        double draw = random.nextDouble() * total;
        int last = 0;
        for (int id = 0; id < logits.length; id++) {
            if (weights[id] > 0) {
                last = id;
                draw -= weights[id];
                if (draw < 0) {
                    return id;
                }
            }
        }
        return last; // rounding left a sliver of the total: the last candidate takes it
    }

    /** The lowest id among the largest logits. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int id = 1; id < logits.length; id++) {
            if (logits[id] > logits[best]) {
                best = id;
            }
        }
        return best;
    }

    private static float threshold(float[] logits, int topK) {
        if (topK <= 0 || topK >= logits.length) {
            return Float.NEGATIVE_INFINITY;
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - topK];
    }
}
