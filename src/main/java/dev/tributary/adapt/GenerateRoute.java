package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /v1/generate}: samples a continuation of the prompt from the language model.
 * Fields: {@code prompt} (required), {@code max_tokens} (default 32), {@code temperature}
 * (default 1.0, 0 for the likeliest token), {@code top_k} (default 0, no limit) and
 * {@code seed} (default 0); the same fields on the same version give the same text.
 */
final class GenerateRoute {

    /**
     * @param text the continuation, without the prompt
     * @param tokens the continuation's token ids
     * @param model the model that wrote it
     * @param version the checkpoint version
     */
    record Generated(String text, int[] tokens, String model, long version) {
    }

    private final ModelHolder<TextModel> holder;
    private final Embeddings embeddings;
    private final AdapterConfig config;

    GenerateRoute(ModelHolder<TextModel> holder, Embeddings embeddings, AdapterConfig config) {
        this.holder = holder;
        this.embeddings = embeddings;
        this.config = config;
    }

    Route route() {
        return Route.post("/v1/generate", this::generate);
    }

    private Reply generate(ApiRequest request) {
        JsonNode body = request.object();
        String prompt = embeddings.validText(body, "prompt");
        int maxTokens = JsonFields.integer(body, "max_tokens", 32, 0, Integer.MAX_VALUE);
        if (maxTokens > config.maxNewTokens()) {
            throw new ProblemException(ProblemType.TOO_MANY_TOKENS, "'max_tokens' is "
                    + maxTokens + "; the limit is " + config.maxNewTokens());
        }
        float temperature = (float) JsonFields.number(body, "temperature", 1.0, 0, 100);
        int topK = JsonFields.integer(body, "top_k", 0, 0, Integer.MAX_VALUE);
        long seed = JsonFields.longInteger(body, "seed", 0);
        try (ModelLease<TextModel> lease = Embeddings.lease(holder)) {
            int[] context = lease.model().document(prompt);
            requirePromptFits(context.length, config);
            int[] tokens = lease.model().model().generate(context, maxTokens, temperature, topK,
                    seed);
            return Reply.ok(new Generated(lease.model().tokenizer().decode(tokens), tokens,
                    holder.model(), lease.version()));
        }
    }

    static void requirePromptFits(int tokens, AdapterConfig config) {
        if (tokens > config.maxPromptTokens()) {
            throw new ProblemException(ProblemType.TOO_MANY_TOKENS, "the prompt has " + tokens
                    + " tokens; the limit is " + config.maxPromptTokens());
        }
    }
}
