package dev.tributary.adapt;

import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.checkpoint.TrainingMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /health} and {@code GET /v1/models}: what is loaded. */
final class ModelRoutes {

    /**
     * One model in service, or waiting for its first checkpoint.
     *
     * @param model the model's name
     * @param version the version in service, -1 for none yet
     * @param kind the model kind from the manifest, null for none yet
     * @param step training steps behind the version
     * @param createdAt when the version's weights were taken, ISO-8601
     * @param metrics training figures from the manifest
     * @param lastRefusal the last checkpoint not taken into service, if any
     */
    record ModelInfo(String model, long version, String kind, Long step, String createdAt,
            TrainingMetrics metrics, ModelHolder.Refusal lastRefusal) {
    }

    private final List<ModelHolder<?>> holders;

    ModelRoutes(List<ModelHolder<?>> holders) {
        this.holders = List.copyOf(holders);
    }

    List<Route> routes() {
        return List.of(new Route("GET", "/health", true, request -> health()),
                Route.get("/v1/models", request -> Reply.ok(Map.of("models", models()))));
    }

    /** Ready once any model is loaded: each route needs only its own model. */
    private Reply health() {
        Map<String, Long> versions = new LinkedHashMap<>();
        holders.forEach(holder -> versions.put(holder.model(), holder.version()));
        boolean ready = versions.values().stream().anyMatch(version -> version >= 0);
        return new Reply(ready ? 200 : 503,
                Map.of("status", ready ? "ready" : "loading", "versions", versions));
    }

    private List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        for (ModelHolder<?> holder : holders) {
            models.add(describe(holder));
        }
        return models;
    }

    private static ModelInfo describe(ModelHolder<?> holder) {
        ModelHolder.Refusal refusal = holder.lastRefusal().orElse(null);
        try (ModelLease<?> lease = holder.lease().orElse(null)) {
            if (lease == null) {
                return new ModelInfo(holder.model(), -1, null, null, null, null, refusal);
            }
            CheckpointManifest manifest = lease.manifest();
            return new ModelInfo(holder.model(), manifest.version(),
                    manifest.description().kind(), manifest.step(),
                    manifest.createdAt().toString(), manifest.metrics(), refusal);
        }
    }
}
