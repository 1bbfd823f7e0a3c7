package dev.tributary.checkpoint;

/** Thrown when a checkpoint's weights disagree with its manifest or cannot be parsed. */
public final class InvalidCheckpointException extends Exception {

    private final RejectionReason reason;
    private final String detail;

    public InvalidCheckpointException(RejectionReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    /** What kind of disagreement was found. */
    public RejectionReason reason() {
        return reason;
    }

    /** The message without the reason in front of it. */
    public String detail() {
        return detail;
    }
}
