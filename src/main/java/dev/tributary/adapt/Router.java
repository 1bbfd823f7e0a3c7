package dev.tributary.adapt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request: finds its route (404, 405), checks the bearer token (401), reads
 * the body within the limit (413), runs the route and writes its reply or problem as JSON, and
 * records the request's metrics. Whatever a route throws becomes a problem-details response;
 * an unexpected exception is logged with its stack trace and answered with a 500 that shows
 * none of it.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes;
    private final AdapterConfig config;
    private final AdapterMetrics metrics;
    private final ObjectMapper json;

    Router(List<Route> routes, AdapterConfig config, AdapterMetrics metrics, ObjectMapper json) {
        this.routes = List.copyOf(routes);
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long began = System.nanoTime();
        String routeName = AdapterMetrics.UNMATCHED;
        int status;
        try {
            String path = exchange.getRequestURI().getPath();
            Route route = find(exchange.getRequestMethod(), path, exchange);
            routeName = route.template();
            if (!route.open()) {
                authorize(exchange);
            }
            Map<String, String> parameters = route.match(path).orElseThrow();
            Reply reply = route.handler().handle(
                    new ApiRequest(parameters, readBody(exchange), json));
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            status = send(exchange, reply.status(), reply.contentType(), reply.body());
        } catch (ProblemException e) {
            status = sendProblem(exchange, e.problem());
        } catch (RuntimeException | IOException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = sendProblem(exchange, Problem.of(ProblemType.INTERNAL_ERROR,
                    "the request could not be completed; the service log has the cause"));
        } finally {
            exchange.close();
        }
        metrics.record(routeName, status, System.nanoTime() - began);
    }

    private Route find(String method, String path, HttpExchange exchange) {
        List<Route> matching = routes.stream().filter(r -> r.match(path).isPresent()).toList();
        if (matching.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no route for " + path);
        }
        Optional<Route> exact = matching.stream().filter(r -> r.method().equals(method))
                .findFirst();
        if (exact.isEmpty()) {
            String allowed = matching.stream().map(Route::method).distinct()
                    .collect(Collectors.joining(", "));
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new ProblemException(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed "
                    + "on " + path + "; allowed: " + allowed);
        }
        return exact.get();
    }

    private void authorize(HttpExchange exchange) {
        if (config.token() == null) {
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Bearer " + config.token();
        // Compared in constant time so the response time does not reveal the token's prefix.
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ProblemException(ProblemType.UNAUTHORIZED, header == null
                    ? "send the header Authorization: Bearer <token>"
                    : "the bearer token is not the one the service was started with");
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream body = exchange.getRequestBody()) {
            if (length != null && parseLength(length) > config.maxBodyBytes()) {
                drain(body);
                throw tooLarge(length + " bytes");
            }
            byte[] bytes = body.readNBytes(config.maxBodyBytes() + 1);
            if (bytes.length > config.maxBodyBytes()) {
                drain(body);
                throw tooLarge("more than " + config.maxBodyBytes() + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Reads and drops what is left of an oversized body, up to a bound, so that a client still
     * sending it reads the 413 instead of a reset connection; beyond the bound the connection
     * is closed, as reading further would let any client keep a thread busy.
     */
    private void drain(InputStream body) throws IOException {
        long bound = 4L * config.maxBodyBytes() + (1 << 20);
        long skipped = 0;
        byte[] sink = new byte[8192];
        int read;
        while (skipped < bound && (read = body.read(sink)) >= 0) {
            skipped += read;
        }
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0; // the JDK server refuses a malformed length before the handler runs
        }
    }

    private ProblemException tooLarge(String size) {
        return new ProblemException(ProblemType.BODY_TOO_LARGE, "the body has " + size
                + "; the limit is " + config.maxBodyBytes() + " bytes");
    }

    private int sendProblem(HttpExchange exchange, Problem problem) {
        try {
            return send(exchange, problem.status(), "application/problem+json", problem);
        } catch (IOException e) {
            LOG.debug("Could not send the problem {} to the client: {}", problem, e.getMessage());
            return problem.status();
        }
    }

    private int send(HttpExchange exchange, int status, String type, Object body)
            throws IOException {
        byte[] bytes;
        try {
            bytes = body instanceof String text && !type.endsWith("json")
                    ? text.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply of " + status + " is not writable as JSON", e);
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }
}
