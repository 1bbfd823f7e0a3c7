package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Linear probes by name: {@code POST /v1/probes/{name}/fit} fits one from uploaded examples, a
 * data set or a labeled topic (see {@link LabeledSources}; replacing any of that name),
 * {@code POST /v1/probes/{name}/predict} classifies one input ({@code {"text": ...}} or
 * {@code {"image": ...}}), {@code GET /v1/probes/{name}} describes it. Probes live in memory:
 * a restart forgets them, and at most {@value #MAX_PROBES} are kept. A probe answers only
 * while its model version is in service; after a swap, predictions get 409 until the probe is
 * fitted again. The gauge {@code tributary.adapt.probe.accuracy} (tag
 * {@code probe}) is each probe's held-out accuracy, NaN when none was held out.
 */
final class ProbeRoutes {

    /**
     * @param label the likeliest label
     * @param probabilities each label's probability
     * @param model the model that embedded the input
     * @param version the checkpoint version
     */
    record Prediction(String label, Map<String, Double> probabilities, String model,
            long version) {
    }

    static final int MAX_PROBES = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, LinearProbe> probes = new ConcurrentHashMap<>();
    private final Embeddings embeddings;
    private final ProbeFitter fitter;

    private final MeterRegistry registry;

    ProbeRoutes(Embeddings embeddings, LabeledSources sources, MeterRegistry registry) {
        this.embeddings = embeddings;
        this.fitter = new ProbeFitter(embeddings, sources);
        this.registry = registry;
    }

    List<Route> routes() {
        return List.of(Route.post("/v1/probes/{name}/fit", this::fit),
                Route.post("/v1/probes/{name}/predict", this::predict),
                Route.get("/v1/probes/{name}", request -> Reply.ok(find(request).summary())));
    }

    private Reply fit(ApiRequest request) {
        String name = request.parameter("name");
        if (!NAME.matcher(name).matches()) {
            throw JsonFields.invalid("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!probes.containsKey(name) && probes.size() >= MAX_PROBES) {
            throw JsonFields.invalid("name", "is new, and the service already holds "
                    + MAX_PROBES + " probes");
        }
        LinearProbe probe = fitter.fit(name, request.object());
        if (probes.put(name, probe) == null) {
            watch(name);
        }
        return Reply.ok(probe.summary());
    }

    private Reply predict(ApiRequest request) {
        LinearProbe probe = find(request);
        JsonNode body = request.object();
        InputKind kind = InputKind.of(body, "body");
        if (kind != probe.input()) {
            throw JsonFields.invalid(kind.field(), "is not what probe " + probe.name()
                    + " classifies; send '" + probe.input().field() + "'");
        }
        Embeddings.Embedded embedded = embeddings.embed(kind, List.of(body));
        if (embedded.version() != probe.version()) {
            throw new ProblemException(ProblemType.PROBE_STALE, "probe " + probe.name()
                    + " was fitted on " + probe.model() + " v" + probe.version() + ", and v"
                    + embedded.version() + " is now in service; fit it again");
        }
        double[] p = probe.classifier().probabilities(embedded.vectors()[0]);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < p.length; k++) {
            probabilities.put(probe.labels().get(k), p[k]);
            best = p[k] > p[best] ? k : best;
        }
        return Reply.ok(new Prediction(probe.labels().get(best), probabilities,
                embedded.model(), embedded.version()));
    }

    /** Registered once a name; the gauge reads whichever probe holds the name now. */
    private void watch(String name) {
        Gauge.builder("tributary.adapt.probe.accuracy", probes, all -> {
            LinearProbe probe = all.get(name);
            Double accuracy = probe == null ? null : probe.summary().heldOutAccuracy();
            return accuracy == null ? Double.NaN : accuracy;
        }).tag("probe", name).description("Held-out accuracy of the probe's last fit")
                .strongReference(true).register(registry);
    }

    private LinearProbe find(ApiRequest request) {
        String name = request.parameter("name");
        LinearProbe probe = probes.get(name);
        if (probe == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no probe named " + name
                    + "; fit one with POST /v1/probes/" + name + "/fit");
        }
        return probe;
    }
}
