package dev.tributary.kafka;

/** No Kafka broker answered at the configured address within the allowed time. */
public final class BrokerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that tells the user what to do next. */
    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
