package dev.tributary.adapt;

import java.util.Map;

/**
 * A route's answer: a status and a body, written as JSON unless it is already text.
 *
 * @param status the HTTP status
 * @param body a record or map, written with snake_case keys; or the text itself
 * @param contentType {@code application/json}, or the type of the text
 * @param headers further response headers, such as {@code Location}
 */
record Reply(int status, Object body, String contentType, Map<String, String> headers) {

    static final String JSON = "application/json";

    Reply {
        headers = Map.copyOf(headers);
    }

    Reply(int status, Object body, String contentType) {
        this(status, body, contentType, Map.of());
    }

    Reply(int status, Object body) {
        this(status, body, JSON);
    }

    /** 202 Accepted for work that goes on after the response, found at {@code location}. */
    static Reply accepted(Object body, String location) {
        return new Reply(202, body, JSON, Map.of("Location", location));
    }

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    /** Text sent as it is, such as the Prometheus exposition format. */
    static Reply text(String text, String contentType) {
        return new Reply(200, text, contentType);
    }
}
