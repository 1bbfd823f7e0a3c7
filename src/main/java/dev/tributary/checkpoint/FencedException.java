package dev.tributary.checkpoint;

/**
 * Thrown when a newer publisher with the same transactional id has taken over the model: this
 * one is a zombie and must stop. Nothing of the publish that failed is visible to
 * {@code read_committed} readers, and every later publish fails the same way.
 */
public final class FencedException extends Exception {

    public FencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
