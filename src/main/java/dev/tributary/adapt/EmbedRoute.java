package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code POST /v1/embed}: {@code {"text": "..."}} or {@code {"image": "<base64>"}} to
 * {@code {"vector": [...], "model": "lm", "version": 3}}.
 */
final class EmbedRoute {

    /**
     * @param vector the embedding
     * @param model the model that made it
     * @param version the checkpoint version
     */
    record Embedding(float[] vector, String model, long version) {
    }

    private final Embeddings embeddings;

    EmbedRoute(Embeddings embeddings) {
        this.embeddings = embeddings;
    }

    Route route() {
        return Route.post("/v1/embed", this::embed);
    }

    private Reply embed(ApiRequest request) {
        JsonNode body = request.object();
        InputKind kind = InputKind.of(body, "body");
        Embeddings.Embedded embedded = embeddings.embed(kind, List.of(body));
        return Reply.ok(new Embedding(embedded.vectors()[0], embedded.model(),
                embedded.version()));
    }
}
