package dev.tributary.adapt;

import dev.tributary.data.ImageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decoded, labeled images split once, with a seed, into training and held-out examples.
 *
 * @param classes the class names; class {@code k} is {@code classes.get(k)}
 * @param trainPixels (N, C, H, W) floats in [0, 1]
 * @param trainLabels N class indices
 * @param heldOutPixels (M, C, H, W) floats in [0, 1]
 * @param heldOutLabels M class indices
 * @param spec the shape of every image
 * @param report where the examples came from and what was left out
 */
record TrainingSet(List<String> classes, float[] trainPixels, int[] trainLabels,
        float[] heldOutPixels, int[] heldOutLabels, ImageSpec spec, SourceReport report) {

    /** Fewer examples of a class than this leave nothing to learn it from and test it on. */
    static final int MIN_PER_CLASS = 5;

    /**
     * @throws ProblemException when there are fewer than two classes, a class has fewer than
     *     {@link #MIN_PER_CLASS} examples, or the split leaves no held-out example
     */
    static TrainingSet split(DecodedRecords<byte[]> decoded, ImageSpec spec, double heldOut,
            long seed) {
        Map<String, Integer> classes = new LinkedHashMap<>();
        int[] y = decoded.labels().stream()
                .mapToInt(label -> classes.computeIfAbsent(label, l -> classes.size())).toArray();
        requireEnough(decoded, classes.size(), y);
        List<Integer> order = ProbeFitter.shuffled(y.length, seed);
        int held = (int) Math.round(y.length * heldOut);
        if (held < 1 || held > y.length - 2) {
            throw new ProblemException(ProblemType.TOO_FEW_EXAMPLES, "held_out " + heldOut
                    + " of " + y.length + " examples leaves " + held + " held out and "
                    + (y.length - held) + " to train on; send more examples");
        }
        List<Integer> test = order.subList(0, held);
        List<Integer> train = order.subList(held, order.size());
        return new TrainingSet(List.copyOf(classes.keySet()), pixels(decoded, train, spec),
                labels(y, train), pixels(decoded, test, spec), labels(y, test), spec,
                decoded.report());
    }

    private static void requireEnough(DecodedRecords<byte[]> decoded, int classes, int[] y) {
        Map<String, Integer> counts = new TreeMap<>();
        decoded.labels().forEach(label -> counts.merge(label, 1, Integer::sum));
        List<String> few = new ArrayList<>();
        counts.forEach((label, count) -> {
            if (count < MIN_PER_CLASS) {
                few.add(label + " (" + count + ")");
            }
        });
        if (classes < 2 || !few.isEmpty()) {
            throw new ProblemException(ProblemType.TOO_FEW_EXAMPLES, "fine-tuning needs two "
                    + "classes or more with at least " + MIN_PER_CLASS + " examples each; got "
                    + (classes < 2 ? classes + " class(es)" : "too few of " + few) + " in "
                    + y.length + " usable examples from " + decoded.report().source());
        }
    }

    private static float[] pixels(DecodedRecords<byte[]> decoded, List<Integer> rows,
            ImageSpec spec) {
        int size = spec.outputSize();
        float[] pixels = new float[rows.size() * size];                     // (N, C, H, W)
        for (int n = 0; n < rows.size(); n++) {
            byte[] planes = decoded.inputs().get(rows.get(n));
            for (int i = 0; i < size; i++) {
                pixels[n * size + i] = (planes[i] & 0xff) / 255f;
            }
        }
        return pixels;
    }

    private static int[] labels(int[] y, List<Integer> rows) {
        return rows.stream().mapToInt(i -> y[i]).toArray();
    }

    int trainCount() {
        return trainLabels.length;
    }

    int heldOutCount() {
        return heldOutLabels.length;
    }
}
