package dev.tributary.checkpoint;

/**
 * Thrown when a checkpoint could not be published for any reason but fencing. Its transaction
 * was aborted, so nothing of it is visible to {@code read_committed} readers. Unless
 * {@link #publisherUsable()} says otherwise, publishing again with the same publisher is fine.
 */
public final class CheckpointPublishException extends Exception {

    private final boolean publisherUsable;

    public CheckpointPublishException(String message, boolean publisherUsable,
            Throwable cause) {
        super(message, cause);
        this.publisherUsable = publisherUsable;
    }

    /** False when the producer had to be closed and a new publisher is needed. */
    public boolean publisherUsable() {
        return publisherUsable;
    }
}
