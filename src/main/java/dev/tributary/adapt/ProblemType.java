package dev.tributary.adapt;

/**
 * Every way a request can fail, each with the HTTP status and the RFC 9457 problem type and
 * title the response carries. The {@code type} URIs are part of the service's contract: clients
 * may branch on them, so add new ones, never rename.
 */
public enum ProblemType {
    MALFORMED_JSON(400, "malformed-json", "The body is not a JSON object"),
    INVALID_SOURCE(400, "invalid-source", "The request must name exactly one data source"),
    UNAUTHORIZED(401, "unauthorized", "A valid bearer token is required"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed on this route"),
    PROBE_STALE(409, "probe-stale", "The probe was fitted on another model version"),
    JOB_NOT_READY(409, "job-not-ready", "The fine-tuning job has not succeeded"),
    BODY_TOO_LARGE(413, "body-too-large", "The body exceeds the size limit"),
    INVALID_FIELD(422, "invalid-field", "A field is missing or invalid"),
    INVALID_TEXT(422, "invalid-text", "The text cannot be used"),
    INVALID_IMAGE(422, "invalid-image", "The image cannot be decoded"),
    TOO_MANY_TOKENS(422, "too-many-tokens", "The request asks for too many tokens"),
    TOO_FEW_EXAMPLES(422, "too-few-examples", "Too few labeled examples to train on"),
    TOO_MANY_JOBS(429, "too-many-jobs", "The fine-tuning queue is full"),
    INTERNAL_ERROR(500, "internal-error", "The service failed on this request"),
    NOT_FINE_TUNABLE(501, "not-fine-tunable", "This model cannot be fine-tuned"),
    MODEL_UNAVAILABLE(503, "model-unavailable", "No model has been loaded yet"),
    SOURCE_UNAVAILABLE(503, "source-unavailable", "The data source cannot be read now");

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
