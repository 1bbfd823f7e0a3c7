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
 * Fits a linear probe from the labeled examples of one source (see {@link LabeledSources}):
 * embeds them all with one model version, holds out a seeded random fraction, fits a
 * {@link SoftmaxRegression} on the rest and measures both. Request fields besides the source:
 * {@code held_out} (fraction, default 0.2), {@code l2} (default 1e-3), {@code seed} (default 0).
 */
final class ProbeFitter {

    private static final int ITERATIONS = 300;

    private final Embeddings embeddings;
    private final LabeledSources sources;

    ProbeFitter(Embeddings embeddings, LabeledSources sources) {
        this.embeddings = embeddings;
        this.sources = sources;
    }

    LinearProbe fit(String name, JsonNode body) {
        long began = System.nanoTime();
        double heldOut = JsonFields.number(body, "held_out", 0.2, 0, 0.9);
        double l2 = JsonFields.number(body, "l2", 1e-3, 0, 1e3);
        long seed = JsonFields.longInteger(body, "seed", 0);
        LabeledRecords records = sources.read(body);
        Embeddings.EmbeddedRecords embedded = embeddings.embed(records);
        Map<String, Integer> classes = new LinkedHashMap<>();
        int[] y = embedded.labels().stream()
                .mapToInt(label -> classes.computeIfAbsent(label, l -> classes.size())).toArray();
        if (classes.size() < 2) {
            throw JsonFields.invalid(LabeledSources.FIELDS.stream().filter(body::hasNonNull)
                    .findFirst().orElseThrow(), "need examples of at least two distinct labels, "
                    + "got " + classes.keySet() + " from " + embedded.report());
        }
        float[][] vectors = embedded.embedded().vectors();
        List<Integer> order = shuffled(y.length, seed);
        int held = (int) Math.round(y.length * heldOut);
        List<Integer> train = order.subList(held, order.size());
        List<Integer> test = order.subList(0, held);
        if (train.stream().map(i -> y[i]).distinct().count() < 2) {
            throw JsonFields.invalid("held_out", "leaves fewer than two labels to fit on");
        }
        SoftmaxRegression.Fitted classifier = SoftmaxRegression.fit(rows(vectors, train),
                labels(y, train), classes.size(), l2, ITERATIONS);
        List<String> names = List.copyOf(classes.keySet());
        String model = embedded.embedded().model();
        long version = embedded.embedded().version();
        LinearProbe.Summary summary = new LinearProbe.Summary(name, records.kind().field(),
                model, version, names, train.size(), test.size(),
                accuracy(classifier, vectors, y, train),
                test.isEmpty() ? null : accuracy(classifier, vectors, y, test),
                (System.nanoTime() - began) / 1_000_000, embedded.report());
        return new LinearProbe(name, records.kind(), model, version, names, classifier, summary);
    }

    static List<Integer> shuffled(int count, long seed) {
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
