package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/classify}: in-context classification. The labeled examples and the query
 * become one few-shot prompt,
 *
 * <pre>
 * example text
 * Label: its label
 *
 * query text
 * Label:</pre>
 *
 * and each candidate label is scored by the log-likelihood the language model gives
 * {@code " " + label} after it. Candidates are {@code labels} when given, else the examples'
 * distinct labels in order of appearance.
 */
final class ClassifyRoute {

    /**
     * @param scores each candidate's natural-log likelihood, in candidate order
     * @param choice the likeliest candidate
     * @param model the model that scored them
     * @param version the checkpoint version
     */
    record Classification(Map<String, Double> scores, String choice, String model,
            long version) {
    }

    private record Example(String text, String label) {
    }

    private static final int MAX_LABELS = 64;

    private final ModelHolder<TextModel> holder;
    private final Embeddings embeddings;
    private final AdapterConfig config;

    ClassifyRoute(ModelHolder<TextModel> holder, Embeddings embeddings, AdapterConfig config) {
        this.holder = holder;
        this.embeddings = embeddings;
        this.config = config;
    }

    Route route() {
        return Route.post("/v1/classify", this::classify);
    }

    private Reply classify(ApiRequest request) {
        JsonNode body = request.object();
        List<Example> examples = examples(body);
        String query = embeddings.validText(body, "query");
        List<String> labels = body.hasNonNull("labels")
                ? List.copyOf(new LinkedHashSet<>(JsonFields.texts(body, "labels", MAX_LABELS)))
                : examples.stream().map(Example::label).distinct().toList();
        try (ModelLease<TextModel> lease = Embeddings.lease(holder)) {
            int[] prefix = lease.model().document(prompt(examples, query));
            GenerateRoute.requirePromptFits(prefix.length, config);
            Map<String, Double> scores = new LinkedHashMap<>();
            for (String label : labels) {
                int[] continuation = lease.model().tokenizer().encode(" " + label);
                if (continuation.length > lease.model().model().config().contextLength()) {
                    throw new ProblemException(ProblemType.TOO_MANY_TOKENS, "the label '"
                            + label + "' has " + continuation.length + " tokens; the model "
                            + "reads " + lease.model().model().config().contextLength());
                }
                scores.put(label, lease.model().model().logLikelihood(prefix, continuation));
            }
            String choice = scores.entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElseThrow().getKey();
            return Reply.ok(new Classification(scores, choice, holder.model(), lease.version()));
        }
    }

    private List<Example> examples(JsonNode body) {
        List<Example> examples = new ArrayList<>();
        List<JsonNode> nodes = JsonFields.array(body, "examples", config.maxExamples());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            JsonFields.requireObject(node, "examples[" + i + "]");
            String text = embeddings.validText(node, "text");
            String label = embeddings.validText(node, "label");
            examples.add(new Example(text, label));
        }
        return examples;
    }

    private static String prompt(List<Example> examples, String query) {
        StringBuilder prompt = new StringBuilder();
        for (Example example : examples) {
            prompt.append(example.text().strip()).append("\nLabel: ")
                    .append(example.label().strip()).append("\n\n");
        }
        return prompt.append(query.strip()).append("\nLabel:").toString();
    }
}
