package dev.tributary.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a file from a URI to a local path so that the path either holds verified content or
 * is untouched: the bytes go to a temporary file beside the target, are flushed to disk and
 * hashed, and only a file whose SHA-256 matches is renamed over the target in one atomic step.
 * Any URI scheme the JDK can open works ({@code https:}, {@code http:}, {@code file:}).
 */
public class Fetcher {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    private final Duration timeout;
    private final long maxBytes;

    /**
     * @param timeout limit for connecting and for each read
     * @param maxBytes a download longer than this is abandoned, so a wrong URL cannot fill the
     *     disk
     */
    public Fetcher(Duration timeout, long maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** One minute per read and 200 MB per file: enough for every data set Tributary knows. */
    public Fetcher() {
        this(Duration.ofMinutes(1), 200L << 20);
    }

    /** Downloads {@code source} to {@code target} and keeps it only if it matches {@code file}. */
    public void fetch(URI source, Path target, RemoteFile file) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "." + file.name() + "-", ".part");
        try {
            long bytes = copy(source, partial);
            String actual = sha256(partial, file.hashOfGunzipped());
            if (!actual.equals(file.sha256())) {
                throw new IOException("checksum mismatch for " + source + ": expected SHA-256 "
                        + file.sha256() + ", got " + actual);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            log.info("Fetched {} ({} bytes, SHA-256 verified) to {}", source, bytes, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Whether {@code path} exists and its content has the expected hash. */
    public static boolean isVerified(Path path, RemoteFile file) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try {
            return sha256(path, file.hashOfGunzipped()).equals(file.sha256());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Not gzip at all, or cut short: either way not the file we want.
            log.debug("{} cannot be verified: {}", path, e.toString());
            return false;
        }
    }

    /** Lower-case hex SHA-256 of a file's bytes, or of its gunzipped content. */
    public static String sha256(Path path, boolean gunzip) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private long copy(URI source, Path partial) throws IOException {
        URLConnection connection = source.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        try (InputStream in = connection.getInputStream();
             FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            long total = 0;
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(source + " is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            channel.force(true); // the rename must never publish a file still in the page cache
            return total;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
