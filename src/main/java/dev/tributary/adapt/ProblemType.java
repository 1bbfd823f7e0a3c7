package dev.tributary.adapt;

/**
 * Every way a request can fail, each with the HTTP status and the RFC 9457 problem type and
 * title the response carries. The {@code type} URIs are part of the service's contract: clients
 * may branch on them, so add new ones, never rename.
 */
public enum ProblemType {
    MALFORMED_JSON(400, "malformed-json", "The body is not a JSON object"),
    UNAUTHORIZED(401, "unauthorized", "A valid bearer token is required"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed on this route"),
    PROBE_STALE(409, "probe-stale", "The probe was fitted on another model version"),
    BODY_TOO_LARGE(413, "body-too-large", "The body exceeds the size limit"),
    INVALID_FIELD(422, "invalid-field", "A field is missing or invalid"),
    INVALID_TEXT(422, "invalid-text", "The text cannot be used"),
    INVALID_IMAGE(422, "invalid-image", "The image cannot be decoded"),
    TOO_MANY_TOKENS(422, "too-many-tokens", "The request asks for too many tokens"),
    INTERNAL_ERROR(500, "internal-error", "The service failed on this request"),
    MODEL_UNAVAILABLE(503, "model-unavailable", "No model has been loaded yet");

    private static final String TYPE_PREFIX = "urn:tributary:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The problem's {@code type} URI, such as {@code urn:tributary:problem:invalid-field}. */
    public String uri() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }
}
