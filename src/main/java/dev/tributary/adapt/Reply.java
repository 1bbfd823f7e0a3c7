package dev.tributary.adapt;

/**
 * A route's answer: a status and a body, written as JSON unless it is already text.
 *
 * @param status the HTTP status
 * @param body a record or map, written with snake_case keys; or the text itself
 * @param contentType {@code application/json}, or the type of the text
 */
record Reply(int status, Object body, String contentType) {

    static final String JSON = "application/json";

    Reply(int status, Object body) {
        this(status, body, JSON);
    }

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    /** Text sent as it is, such as the Prometheus exposition format. */
    static Reply text(String text, String contentType) {
        return new Reply(200, text, contentType);
    }
}
