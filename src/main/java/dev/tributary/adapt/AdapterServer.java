package dev.tributary.adapt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter service's HTTP server (the JDK's {@code com.sun.net.httpserver}) over one text
 * and one image model holder. Routes, all JSON:
 *
 * <ul>
 *   <li>{@code GET /health}: 200 once a model is loaded, else 503; needs no token
 *   <li>{@code GET /metrics}: the meters in Prometheus format, when the registry is a
 *       {@link PrometheusMeterRegistry}
 *   <li>{@code GET /v1/models}: the versions in service and their training metrics
 *   <li>{@code POST /v1/embed}, {@code /v1/generate}, {@code /v1/classify}
 *   <li>{@code POST /v1/probes/{name}/fit}, {@code POST /v1/probes/{name}/predict},
 *       {@code GET /v1/probes/{name}}
 *   <li>{@code POST /v1/finetune}, {@code GET /v1/finetune}, {@code GET} and {@code DELETE
 *       /v1/finetune/{id}}, {@code POST /v1/finetune/{id}/predict}
 * </ul>
 *
 * <p>The holders are the caller's: closing the server stops serving but leaves them open.
 * Closing it cancels the fine-tuning jobs and frees their models.
 */
public final class AdapterServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterServer.class);
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server sends a response in more than one segment; with Nagle's algorithm on,
        // the client's delayed acknowledgement held every response about 45 ms here (p50 of a
        // GET /v1/models fell from 48 to 2.4 ms without it). The server reads the setting once,
        // when its classes load, so it applies when no other server started in this JVM first.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final FineTuneJobs jobs;

    private AdapterServer(HttpServer server, ExecutorService threads, FineTuneJobs jobs) {
        this.server = server;
        this.threads = threads;
        this.jobs = jobs;
    }

    /**
     * Binds and starts serving, without Kafka settings: probes and fine-tuning jobs cannot
     * read topics.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AdapterServer start(AdapterConfig config, ModelHolder<TextModel> text,
            ModelHolder<ImageModel> images, MeterRegistry registry) {
        return start(config, text, images, registry, null);
    }

    /**
     * Binds and starts serving.
     *
     * @param clientProps Kafka client settings for reading labeled topics, or null for none
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AdapterServer start(AdapterConfig config, ModelHolder<TextModel> text,
            ModelHolder<ImageModel> images, MeterRegistry registry, Properties clientProps) {
        AdapterMetrics metrics = new AdapterMetrics(registry);
        metrics.watch(text);
        metrics.watch(images);
        FineTuneJobs jobs = new FineTuneJobs(config.fineTuneQueue(), config.keptJobs(), registry);
        List<Route> routes = routes(config, text, images, registry, clientProps, jobs);
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            routes.add(Route.get("/metrics", request -> Reply.text(prometheus.scrape(),
                    "text/plain; version=0.0.4; charset=utf-8")));
        }
        Router router = new Router(routes, config, metrics, json());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            jobs.close();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(config.threads(), named());
        server.createContext("/", router);
        server.setExecutor(threads);
        server.start();
        LOG.info("Adapter service listening on http://{}:{} ({})", config.host(),
                server.getAddress().getPort(),
                config.token() == null ? "no token required" : "bearer token required");
        return new AdapterServer(server, threads, jobs);
    }

    private static List<Route> routes(AdapterConfig config, ModelHolder<TextModel> text,
            ModelHolder<ImageModel> images, MeterRegistry registry, Properties clientProps,
            FineTuneJobs jobs) {
        LabeledSources sources = new LabeledSources(config.maxExamples(), clientProps);
        Embeddings embeddings = new Embeddings(text, images);
        List<Route> routes = new ArrayList<>(new ModelRoutes(List.of(text, images)).routes());
        routes.add(new EmbedRoute(embeddings).route());
        routes.add(new GenerateRoute(text, embeddings, config).route());
        routes.add(new ClassifyRoute(text, embeddings, config).route());
        routes.addAll(new ProbeRoutes(embeddings, sources, registry).routes());
        routes.addAll(new FineTuneRoutes(images, sources, jobs, config.maxExamples()).routes());
        return routes;
    }

    /** Records with snake_case keys; absent values left out. */
    static ObjectMapper json() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "adapter-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The port the server listens on, useful when the configured port was 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets running requests finish for up to 5 s, then stops. */
    @Override
    public void close() {
        server.stop(5);
        jobs.close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }
}
