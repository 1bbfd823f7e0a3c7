package dev.tributary.kafka;

/**
 * Size limits shared by the broker, the topics and the producers, kept in one place so that a
 * batch the producer may send is never one the broker or a topic refuses.
 */
public final class MessageLimits {

    /** The largest training batch payload a producer writes as one record: 16 MiB. */
    public static final int MAX_BATCH_RECORD_BYTES = 16 * 1024 * 1024;

    /**
     * The broker, topic and request limit: a batch record plus room for its key, headers and
     * the record-batch framing around it.
     */
    public static final int MAX_MESSAGE_BYTES = MAX_BATCH_RECORD_BYTES + 512 * 1024;

    private MessageLimits() {
    }
}
