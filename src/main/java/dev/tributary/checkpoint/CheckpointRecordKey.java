package dev.tributary.checkpoint;

import java.util.Optional;

/**
 * What a record key on the checkpoint topic names: {@code <model>/<version>/chunk/<index>} or
 * {@code <model>/<version>/manifest}.
 *
 * @param model the model's name
 * @param version the checkpoint's version
 * @param kind whether the record holds a weight chunk or the manifest
 * @param chunkIndex the chunk's position, from 0; -1 for a manifest
 */
public record CheckpointRecordKey(String model, long version, Kind kind, int chunkIndex) {

    /** The two kinds of record a checkpoint consists of. */
    public enum Kind {
        CHUNK, MANIFEST;

        /** The word used in keys and in the {@code kind} header. */
        public String word() {
            return this == CHUNK ? "chunk" : "manifest";
        }
    }

    /** The key of the given chunk of a version. */
    public static CheckpointRecordKey chunk(String model, long version, int index) {
        return new CheckpointRecordKey(model, version, Kind.CHUNK, index);
    }

    /** The key of a version's manifest. */
    public static CheckpointRecordKey manifest(String model, long version) {
        return new CheckpointRecordKey(model, version, Kind.MANIFEST, -1);
    }

    /** The key as written to Kafka. */
    public String text() {
        String prefix = model + "/" + version + "/" + kind.word();
        return kind == Kind.CHUNK ? prefix + "/" + chunkIndex : prefix;
    }

    /**
     * Parses a key; empty for anything that is not a checkpoint key, so records written to the
     * topic by other tools are skipped rather than fatal.
     */
    public static Optional<CheckpointRecordKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split("/", -1);
        try {
            if (parts.length == 3 && parts[2].equals(Kind.MANIFEST.word())) {
                return Optional.of(manifest(validModel(parts[0]), natural(parts[1])));
            }
            if (parts.length == 4 && parts[2].equals(Kind.CHUNK.word())) {
                return Optional.of(chunk(validModel(parts[0]), natural(parts[1]),
                        Math.toIntExact(natural(parts[3]))));
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String validModel(String model) {
        return ModelNames.require(model);
    }

    /** Digits only: {@code Long.parseLong} would also take a sign. */
    private static long natural(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a natural number: " + digits);
        }
        return Long.parseLong(digits);
    }
}
