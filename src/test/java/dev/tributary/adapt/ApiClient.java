package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the adapter service over loopback with the JDK's HTTP client. */
final class ApiClient {

    /**
     * @param status the HTTP status
     * @param contentType the Content-Type header
     * @param json the body
     * @param location the Location header, empty when there is none
     */
    record Answer(int status, String contentType, JsonNode json, String location) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    Answer get(String path) throws Exception {
        return send(request(path).GET());
    }

    Answer post(String path, Object body) throws Exception {
        String text = body instanceof String string ? string : JSON.writeValueAsString(body);
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(text))
                .header("Content-Type", "application/json"));
    }

    Answer send(String method, String path) throws Exception {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = response.body().length == 0 ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), json,
                response.headers().firstValue("Location").orElse(""));
    }
}
