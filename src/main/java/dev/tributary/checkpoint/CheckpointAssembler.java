package dev.tributary.checkpoint;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Rebuilds checkpoints from the records of the checkpoint topic, fed in offset order, without
 * any I/O of its own. Chunks are buffered per (model, version); the version's manifest turns
 * them into a verified {@link Checkpoint} or a {@link CheckpointRejection}, and its buffer is
 * released either way. Records whose key is not a checkpoint key are skipped.
 *
 * <p>Memory is bounded by {@code maxBufferedBytes}. When a chunk takes the buffer over the cap,
 * the chunks of the oldest incomplete versions are dropped, whole versions at a time, until it
 * fits again; later chunks of a dropped version are ignored and its manifest is rejected as
 * {@link RejectionReason#BUFFER_FULL}. A version larger than the cap is therefore always
 * rejected, so the cap must exceed the largest checkpoint. Versions whose manifest never comes
 * (records written without a transaction, or a reader that sees uncommitted data) hold their
 * buffer until the cap or the limit of {@value #MAX_PENDING_VERSIONS} pending versions pushes
 * them out. Not thread-safe: one reader thread feeds it.
 */
public final class CheckpointAssembler {

    /** The default cap on buffered chunk bytes: 512 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 512L * 1024 * 1024;

    /** Incomplete versions kept at most; the oldest is forgotten beyond it. */
    static final int MAX_PENDING_VERSIONS = 64;

    private final long maxBufferedBytes;
    private final Map<Version, Pending> pending = new LinkedHashMap<>();
    private long bufferedBytes;

    /** An assembler with the default cap. */
    public CheckpointAssembler() {
        this(DEFAULT_MAX_BUFFERED_BYTES);
    }

    /** An assembler buffering at most {@code maxBufferedBytes} bytes of chunks. */
    public CheckpointAssembler(long maxBufferedBytes) {
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException(
                    "maxBufferedBytes must be positive, got " + maxBufferedBytes);
        }
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /**
     * Takes the next record of the topic.
     *
     * @return the outcome when the record is a manifest; empty for chunks and foreign records
     */
    public Optional<AssemblyResult> accept(ConsumerRecord<String, byte[]> record) {
        Optional<CheckpointRecordKey> parsed = CheckpointRecordKey.parse(record.key());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CheckpointRecordKey key = parsed.get();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        if (key.kind() == CheckpointRecordKey.Kind.CHUNK) {
            addChunk(new Version(key.model(), key.version()), key.chunkIndex(), value);
            return Optional.empty();
        }
        String location = record.topic() + "-" + record.partition() + "@" + record.offset();
        return Optional.of(complete(key, value, location));
    }

    /** Chunk bytes held right now. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Versions with chunks but no manifest yet. */
    public int pendingVersions() {
        return pending.size();
    }

    private void addChunk(Version version, int index, byte[] chunk) {
        Pending entry = pending.computeIfAbsent(version, v -> new Pending());
        if (entry.dropped) {
            return;
        }
        byte[] previous = entry.chunks.put(index, chunk);
        long change = chunk.length - (previous == null ? 0L : previous.length);
        entry.bytes += change;
        bufferedBytes += change;
        dropOldestUntilWithinCap();
        while (pending.size() > MAX_PENDING_VERSIONS) {
            forget(pending.keySet().iterator().next());
        }
    }

    private void dropOldestUntilWithinCap() {
        Iterator<Pending> oldestFirst = pending.values().iterator();
        while (bufferedBytes > maxBufferedBytes && oldestFirst.hasNext()) {
            Pending entry = oldestFirst.next();
            if (!entry.dropped) {
                bufferedBytes -= entry.bytes;
                entry.chunks.clear();
                entry.bytes = 0;
                entry.dropped = true;
            }
        }
    }

    private void forget(Version version) {
        Pending entry = pending.remove(version);
        if (entry != null) {
            bufferedBytes -= entry.bytes;
        }
    }

    private AssemblyResult complete(CheckpointRecordKey key, byte[] json, String location) {
        Version version = new Version(key.model(), key.version());
        Pending entry = pending.get(version);
        forget(version);
        try {
            CheckpointManifest manifest = parseManifest(key, json);
            byte[] weights = weights(manifest, entry);
            return new AssemblyResult.Verified(new Checkpoint(manifest, weights).verify());
        } catch (InvalidCheckpointException e) {
            return new AssemblyResult.Rejected(new CheckpointRejection(
                    key.model(), key.version(), e.reason(), e.detail(), location));
        }
    }

    private static CheckpointManifest parseManifest(CheckpointRecordKey key, byte[] json)
            throws InvalidCheckpointException {
        CheckpointManifest manifest;
        try {
            manifest = CheckpointManifest.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(RejectionReason.MALFORMED_MANIFEST,
                    e.getMessage());
        }
        if (!manifest.model().equals(key.model()) || manifest.version() != key.version()) {
            throw new InvalidCheckpointException(RejectionReason.MALFORMED_MANIFEST,
                    "record key names " + key.model() + " v" + key.version()
                    + " but the manifest names " + manifest.model() + " v" + manifest.version());
        }
        return manifest;
    }

    /** Joins the chunks in index order, after checking they are exactly the expected ones. */
    private static byte[] weights(CheckpointManifest manifest, Pending entry)
            throws InvalidCheckpointException {
        int count = manifest.chunkCount();
        if (entry != null && entry.dropped) {
            throw new InvalidCheckpointException(RejectionReason.BUFFER_FULL,
                    "chunks were dropped to keep the buffer within its cap; "
                    + manifest.weightBytes() + " bytes of weights");
        }
        if (entry == null || entry.chunks.isEmpty()) {
            throw new InvalidCheckpointException(RejectionReason.NO_CHUNKS,
                    "no chunk of the version came before its manifest, which expects " + count);
        }
        int last = entry.chunks.lastKey();
        if (last >= count) {
            throw new InvalidCheckpointException(RejectionReason.UNEXPECTED_CHUNK,
                    "chunk " + last + " came, but the manifest expects chunks 0 to " + (count - 1));
        }
        List<Integer> missing = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            if (!entry.chunks.containsKey(index)) {
                missing.add(index);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidCheckpointException(RejectionReason.MISSING_CHUNK, "chunks "
                    + abbreviated(missing) + " of " + count + " did not come");
        }
        return joined(manifest, entry);
    }

    private static byte[] joined(CheckpointManifest manifest, Pending entry)
            throws InvalidCheckpointException {
        // Checked before allocating, so a lying manifest cannot make us allocate its claim.
        if (entry.bytes != manifest.weightBytes()) {
            throw new InvalidCheckpointException(RejectionReason.SIZE_MISMATCH, "chunks hold "
                    + entry.bytes + " bytes, the manifest says " + manifest.weightBytes());
        }
        byte[] weights = new byte[Math.toIntExact(entry.bytes)];
        int position = 0;
        for (byte[] chunk : entry.chunks.values()) {
            System.arraycopy(chunk, 0, weights, position, chunk.length);
            position += chunk.length;
        }
        return weights;
    }

    private static String abbreviated(List<Integer> indexes) {
        return indexes.size() <= 8 ? indexes.toString()
                : indexes.subList(0, 8) + " and " + (indexes.size() - 8) + " more";
    }

    private record Version(String model, long version) {
    }

    /** The chunks of one version so far. */
    private static final class Pending {
        final TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        long bytes;
        boolean dropped;
    }
}
