package dev.tributary.eval;

import dev.tributary.data.Fortune;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * In-context learning of a language model: copying a random sequence it has seen once in its
 * prompt, and classifying fortunes by category from a few labelled examples.
 *
 * <p>Few-shot prompts are {@code "text\nLabel: category\n\n"} per example, then the query as
 * {@code "text\nLabel:"}; each candidate category is scored by the likelihood of
 * {@code " category"} after the prompt. Texts are cut to {@value #MAX_CHARS} characters, and a
 * prompt longer than the context loses its first tokens, so at the default context of 64
 * tokens the model sees little beyond the query itself and the shot counts barely differ.
 */
public final class InContextEvaluation {

    /** Shots at which few-shot accuracy is measured. */
    public static final List<Integer> SHOTS = List.of(0, 2, 8);

    private static final int CATEGORIES = 4;
    private static final int QUERIES = 50;
    private static final int SEQUENCES = 20;
    private static final int MAX_CHARS = 160;
    private static final long SEED = 7L;

    private final FortuneSplit split;

    public InContextEvaluation(FortuneSplit split) {
        this.split = split;
    }

    /** All in-context figures of the model that reads text with this tokenizer. */
    public InContextFigures evaluate(LanguageModel model, TextTokenizer tokenizer) {
        int length = Math.max(1, model.config().contextLength() / 2);
        double[] losses = induction(model, tokenizer, length);
        List<String> categories = largestCategories();
        List<Fortune> queries = queries(categories);
        List<InContextFigures.FewShot> fewShot = new ArrayList<>();
        for (int shots : SHOTS) {
            fewShot.add(new InContextFigures.FewShot(shots,
                    fewShotAccuracy(model, tokenizer, categories, queries, shots)));
        }
        return new InContextFigures(SEQUENCES, length, losses[0], losses[1], categories,
                queries.size(), fewShot, 1.0 / categories.size());
    }

    /** Mean loss a token on the first and on the second copy of random sequences. */
    private static double[] induction(LanguageModel model, TextTokenizer tokenizer, int length) {
        Random random = new Random(SEED);
        int vocabulary = model.config().vocabularySize();
        double first = 0;
        double second = 0;
        for (int s = 0; s < SEQUENCES; s++) {
            // Ids 0 and 1 are the end-of-document and padding tokens, never drawn.
            int[] tokens = random.ints(length, 2, vocabulary).toArray();
            int[] start = {tokenizer.endOfDocumentId()};
            int[] seen = Arrays.copyOf(start, 1 + length);
            System.arraycopy(tokens, 0, seen, 1, length);
            first -= model.logLikelihood(start, tokens) / length;
            second -= model.logLikelihood(seen, tokens) / length;
        }
        return new double[] {first / SEQUENCES, second / SEQUENCES};
    }

    /** The categories with the most train fortunes, ties by name. */
    private List<String> largestCategories() {
        Map<String, Long> counts = split.train().stream()
                .collect(Collectors.groupingBy(Fortune::category, TreeMap::new,
                        Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(CATEGORIES).map(Map.Entry::getKey).sorted().toList();
    }

    /** Held-out fortunes of the categories, as evenly spread over them as they allow. */
    private List<Fortune> queries(List<String> categories) {
        List<List<Fortune>> pools = pools(split.heldOut(), categories, new Random(SEED));
        List<Fortune> queries = new ArrayList<>();
        for (int round = 0; queries.size() < QUERIES; round++) {
            boolean added = false;
            for (List<Fortune> pool : pools) {
                if (round < pool.size() && queries.size() < QUERIES) {
                    queries.add(pool.get(round));
                    added = true;
                }
            }
            if (!added) {
                break;
            }
        }
        return queries;
    }

    private double fewShotAccuracy(LanguageModel model, TextTokenizer tokenizer,
            List<String> categories, List<Fortune> queries, int shots) {
        Random random = new Random(SEED + shots);
        List<Fortune> examples = split.train().stream()
                .filter(f -> categories.contains(f.category())).toList();
        int correct = 0;
        for (Fortune query : queries) {
            StringBuilder prompt = new StringBuilder();
            for (int i = 0; i < shots; i++) {
                Fortune example = examples.get(random.nextInt(examples.size()));
                prompt.append(cut(example.text())).append("\nLabel: ")
                        .append(example.category()).append("\n\n");
            }
            prompt.append(cut(query.text())).append("\nLabel:");
            int[] encoded = tokenizer.encode(prompt.toString());
            int[] prefix = new int[encoded.length + 1];
            prefix[0] = tokenizer.endOfDocumentId();
            System.arraycopy(encoded, 0, prefix, 1, encoded.length);
            String best = categories.stream().max(Comparator.comparingDouble(category ->
                    model.logLikelihood(prefix, tokenizer.encode(" " + category)))).orElseThrow();
            correct += best.equals(query.category()) ? 1 : 0;
        }
        return queries.isEmpty() ? 0 : (double) correct / queries.size();
    }

    private static List<List<Fortune>> pools(List<Fortune> fortunes, List<String> categories,
            Random random) {
        List<List<Fortune>> pools = new ArrayList<>();
        for (String category : categories) {
            List<Fortune> pool = new ArrayList<>(fortunes.stream()
                    .filter(f -> f.category().equals(category)).toList());
            Collections.shuffle(pool, random);
            pools.add(pool);
        }
        return pools;
    }

    private static String cut(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= MAX_CHARS ? trimmed : trimmed.substring(0, MAX_CHARS);
    }
}
