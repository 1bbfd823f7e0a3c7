package dev.tributary.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint answering {@code GET /metrics} with a registry's scrape: the Prometheus text
 * format, or OpenMetrics when the request's {@code Accept} header asks for it (as Prometheus
 * servers do). Other paths answer 404 and other methods 405. Requests are served one at a time
 * on the server's own thread, which is plenty for a scraper every few seconds.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String PATH = "/metrics";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;
    private final URI url;

    private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry, String host) {
        this.server = server;
        this.registry = registry;
        this.url = URI.create("http://" + host + ":" + server.getAddress().getPort() + PATH);
    }

    /**
     * Starts serving the registry.
     *
     * @param port the port, 0 for any free one
     * @throws IOException when the address cannot be bound
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        MetricsEndpoint endpoint = new MetricsEndpoint(server, registry, host);
        server.createContext("/", endpoint::handle);
        server.start();
        log.info("Metrics for Prometheus at {}", endpoint.url);
        return endpoint;
    }

    /** The port it listens on; the bound one when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to scrape, such as {@code http://127.0.0.1:9401/metrics}. */
    public URI url() {
        return url;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "Not found; try /metrics\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "Only GET\n");
            } else {
                String type = wantsOpenMetrics(exchange) ? OPEN_METRICS : TEXT_FORMAT;
                ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
                registry.scrape(body, type);
                send(exchange, 200, type, body.toByteArray());
            }
        }
    }

    private static boolean wantsOpenMetrics(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("application/openmetrics-text");
    }

    private static void respond(HttpExchange exchange, int status, String type, String text)
            throws IOException {
        send(exchange, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening at once; a scrape under way is cut off. */
    @Override
    public void close() {
        server.stop(0);
    }
}
