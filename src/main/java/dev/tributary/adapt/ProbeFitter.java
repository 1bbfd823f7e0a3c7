package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.model.SoftmaxRegression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fits a linear probe from uploaded examples: embeds them all with one model version, holds out
 * a seeded random fraction, fits a {@link SoftmaxRegression} on the rest and measures both.
 * Request fields: {@code examples} ([{text or image, label}], one kind throughout),
 * {@code held_out} (fraction, default 0.2), {@code l2} (default 1e-3), {@code seed} (default 0).
 */
final class ProbeFitter {

    private static final int ITERATIONS = 300;

    private final Embeddings embeddings;
    private final int maxExamples;

    ProbeFitter(Embeddings embeddings, int maxExamples) {
        this.embeddings = embeddings;
        this.maxExamples = maxExamples;
    }

    LinearProbe fit(String name, JsonNode body) {
        long began = System.nanoTime();
        List<JsonNode> examples = JsonFields.array(body, "examples", maxExamples);
        double heldOut = JsonFields.number(body, "held_out", 0.2, 0, 0.9);
        double l2 = JsonFields.number(body, "l2", 1e-3, 0, 1e3);
        long seed = JsonFields.longInteger(body, "seed", 0);
        InputKind kind = InputKind.of(examples.get(0), "examples[0]");
        Map<String, Integer> classes = new LinkedHashMap<>();
        int[] y = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            String where = "examples[" + i + "]";
            if (InputKind.of(examples.get(i), where) != kind) {
                throw JsonFields.invalid(where, "is not " + kind + " like examples[0]");
            }
            String label = embeddings.validText(examples.get(i), "label");
            y[i] = classes.computeIfAbsent(label, l -> classes.size());
        }
        if (classes.size() < 2) {
            throw JsonFields.invalid("examples", "need at least two distinct labels");
        }
        Embeddings.Embedded embedded = embeddings.embed(kind, examples);

        List<Integer> order = shuffled(examples.size(), seed);
        int held = (int) Math.round(examples.size() * heldOut);
        List<Integer> train = order.subList(held, order.size());
        List<Integer> test = order.subList(0, held);
        if (train.stream().map(i -> y[i]).distinct().count() < 2) {
            throw JsonFields.invalid("held_out", "leaves fewer than two labels to fit on");
        }
        SoftmaxRegression.Fitted classifier = SoftmaxRegression.fit(
                rows(embedded.vectors(), train), labels(y, train), classes.size(), l2, ITERATIONS);
        List<String> names = List.copyOf(classes.keySet());
        LinearProbe.Summary summary = new LinearProbe.Summary(name, kind.field(),
                embedded.model(), embedded.version(), names, train.size(), test.size(),
                accuracy(classifier, embedded.vectors(), y, train),
                test.isEmpty() ? null : accuracy(classifier, embedded.vectors(), y, test),
                (System.nanoTime() - began) / 1_000_000);
        return new LinearProbe(name, kind, embedded.model(), embedded.version(), names,
                classifier, summary);
    }

    private static List<Integer> shuffled(int count, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    private static float[][] rows(float[][] vectors, List<Integer> indices) {
        return indices.stream().map(i -> vectors[i]).toArray(float[][]::new);
    }

    private static int[] labels(int[] y, List<Integer> indices) {
        return indices.stream().mapToInt(i -> y[i]).toArray();
    }

    private static double accuracy(SoftmaxRegression.Fitted classifier, float[][] vectors,
            int[] y, List<Integer> indices) {
        long right = indices.stream().filter(i -> classifier.predict(vectors[i]) == y[i]).count();
        return (double) right / indices.size();
    }
}
