package dev.tributary.data;

import java.util.Locale;
import java.util.Objects;

/**
 * A file of a public data set and the SHA-256 its content must have. For gzipped files the hash
 * may be of the decompressed content, because that is what data-set projects publish and it
 * does not change when a mirror recompresses the file.
 *
 * @param name file name, both on the server (relative to the data set's base URI) and on disk
 * @param sha256 lower-case hex SHA-256 of the content
 * @param hashOfGunzipped whether {@code sha256} is of the gunzipped content
 */
public record RemoteFile(String name, String sha256, boolean hashOfGunzipped) {

    public RemoteFile {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /** A file whose hash is of its bytes as stored. */
    public static RemoteFile plain(String name, String sha256) {
        return new RemoteFile(name, sha256, false);
    }

    /** A gzipped file whose hash is of its decompressed content. */
    public static RemoteFile gzipped(String name, String sha256OfContent) {
        return new RemoteFile(name, sha256OfContent, true);
    }
}
