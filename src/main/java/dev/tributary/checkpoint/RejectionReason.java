package dev.tributary.checkpoint;

/** Why a checkpoint read from Kafka or from disk was not accepted. */
public enum RejectionReason {

    /** The manifest is not valid JSON, lacks a field, or disagrees with its record key. */
    MALFORMED_MANIFEST,

    /** A manifest arrived, but no weight chunk of its version came before it. */
    NO_CHUNKS,

    /** Some, not all, of the manifest's chunks came before it. */
    MISSING_CHUNK,

    /** A chunk came with an index at or beyond the manifest's chunk count. */
    UNEXPECTED_CHUNK,

    /** The weights do not have the byte length the manifest states. */
    SIZE_MISMATCH,

    /** The weights do not have the SHA-256 the manifest states. */
    HASH_MISMATCH,

    /** The weights have the right size and hash but are not a valid safetensors file. */
    MALFORMED_WEIGHTS,

    /** The version's chunks were dropped because the reader's buffer cap was reached. */
    BUFFER_FULL,

    /** The weights or the manifest could not be read from disk at all. */
    UNREADABLE
}
