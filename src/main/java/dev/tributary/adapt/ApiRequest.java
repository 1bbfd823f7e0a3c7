package dev.tributary.adapt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * A request as a route sees it: the path parameters of its template and the body, already
 * read within the size limit.
 */
final class ApiRequest {

    private final Map<String, String> parameters;
    private final byte[] body;
    private final ObjectMapper json;

    ApiRequest(Map<String, String> parameters, byte[] body, ObjectMapper json) {
        this.parameters = Map.copyOf(parameters);
        this.body = body;
        this.json = json;
    }

    /** The value of a {@code {name}} segment of the route's template. */
    String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter " + name);
        }
        return value;
    }

    /** The body as a JSON object, or a {@link ProblemType#MALFORMED_JSON} problem. */
    JsonNode object() {
        if (body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is empty; send a "
                    + "JSON object with Content-Type: application/json");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not valid JSON: "
                    + e.getOriginalMessage() + " at " + location(e));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body cannot be read: "
                    + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON "
                    + "object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }
}
