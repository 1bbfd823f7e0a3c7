package dev.tributary.ingest;

/**
 * One training example on its way into a batch: its encoded elements, and how many source
 * records ended in it (one for an image; for a packed text sequence, the documents whose last
 * token it holds, which may be none).
 */
record Sample(byte[] payload, int sourceRecords) {
}
