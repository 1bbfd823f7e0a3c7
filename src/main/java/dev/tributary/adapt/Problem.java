package dev.tributary.adapt;

/**
 * An RFC 9457 problem-details body ({@code application/problem+json}).
 *
 * @param type the problem type URI
 * @param title the type's short summary, the same for every occurrence
 * @param status the HTTP status
 * @param detail what was wrong with this request, naming the field or limit
 */
public record Problem(String type, String title, int status, String detail) {

    /** The problem of a type with this request's detail. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail);
    }
}
