package dev.tributary.data;

/**
 * Thrown by validators and decoders when a record cannot be used. It carries the reason code for
 * the dead-letter topic and a detail message that names what was wrong with this record.
 */
public final class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is an expected outcome, not a bug
        this.reason = reason;
    }

    public InvalidRecordException(RejectReason reason) {
        this(reason, reason.description());
    }

    public RejectReason reason() {
        return reason;
    }
}
