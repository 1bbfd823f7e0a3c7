package dev.tributary.checkpoint;

import java.time.Duration;

/**
 * A committed checkpoint.
 *
 * @param version the checkpoint's version
 * @param weightBytes the size of its weights file
 * @param chunkCount the number of weight chunks written
 * @param manifestOffset the offset of its manifest record
 * @param duration from the start of the transaction to its commit
 */
public record PublishResult(long version, long weightBytes, int chunkCount, long manifestOffset,
        Duration duration) {
}
