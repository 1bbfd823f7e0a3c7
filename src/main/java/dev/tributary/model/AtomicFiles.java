package dev.tributary.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that readers and crashes see either the old content or the new, never a
 * mix: the bytes go to a temporary file in the same directory, are forced to disk, and the
 * temporary file is renamed over the target in one atomic step.
 *
 * <p>A crash can leave the temporary file behind, named {@code .<target name><random>.tmp} in
 * the target's directory, so a reader that looks for the target's name never sees it.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, creating the directory when missing.
     *
     * @throws IOException when the file cannot be written; the target is then unchanged
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        // Same directory as the target, so the rename never crosses file systems.
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            writeAndForce(temporary, content);
            Files.move(temporary, absolute,
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory(directory);
    }

    private static void writeAndForce(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is fine. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // The file content is already durable; only the rename may be lost on power failure.
        }
    }
}
