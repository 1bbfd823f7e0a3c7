package dev.tributary.checkpoint;

/** What reading a manifest record gives: a verified checkpoint or a rejection. */
public sealed interface AssemblyResult {

    /**
     * The version is complete and its weights match the manifest.
     *
     * @param checkpoint the verified checkpoint
     */
    record Verified(Checkpoint checkpoint) implements AssemblyResult {
    }

    /**
     * The version is incomplete or corrupt.
     *
     * @param rejection why, and where it was read
     */
    record Rejected(CheckpointRejection rejection) implements AssemblyResult {
    }
}
