package dev.tributary.adapt;

/**
 * Ends a request with a problem-details response. Thrown by routes for bad input, which is an
 * expected outcome, so it records no stack trace.
 */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.problem = Problem.of(type, detail);
    }

    public Problem problem() {
        return problem;
    }
}
