package dev.tributary.adapt;

/**
 * A route's answer: a status and a body that is written as JSON.
 *
 * @param status the HTTP status
 * @param body a record or map, written with snake_case keys
 */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
