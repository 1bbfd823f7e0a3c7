package dev.tributary.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number whose low byte
 * is the number of dimensions, one 32-bit size per dimension, then unsigned bytes. Files may be
 * gzipped; that is recognised from the gzip magic bytes, never from the file name, because
 * mirrors and packages disagree about whether the {@code .gz} files are still compressed.
 */
public final class IdxReader {

    /** Unsigned bytes, three dimensions: count, rows, columns. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, one dimension: count. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxReader() {
    }

    /** Reads an image file (magic {@code 0x00000803}). */
    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC);
            int count = readDimension(file, in, "image count");
            int rows = readDimension(file, in, "row count");
            int cols = readDimension(file, in, "column count");
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + count + " images of " + rows + "x" + cols
                        + " do not fit in one array");
            }
            return new IdxImages(count, rows, cols, readBody(file, in, (int) size));
        } catch (EOFException e) {
            throw truncated(file, "in the header");
        }
    }

    /** Reads a label file (magic {@code 0x00000801}); one unsigned byte a label. */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC);
            int count = readDimension(file, in, "label count");
            return readBody(file, in, count);
        } catch (EOFException e) {
            throw truncated(file, "in the header");
        }
    }

    /** Opens a file, unwrapping gzip when its first two bytes say so. */
    static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int magic = (raw.read() << 8) | raw.read();
            raw.reset();
            InputStream body = magic == GZIP_MAGIC ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new DataInputStream(new BufferedInputStream(body, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void checkMagic(Path file, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(String.format(
                    "%s: not an IDX file of the expected kind: magic 0x%08x, expected 0x%08x",
                    file, actual, expected));
        }
    }

    private static int readDimension(Path file, DataInputStream in, String what)
            throws IOException {
        int value = in.readInt();
        if (value < 0) {
            throw new IllegalArgumentException(file + ": negative " + what + " " + value);
        }
        return value;
    }

    private static byte[] readBody(Path file, DataInputStream in, int size) throws IOException {
        byte[] body = new byte[size];
        int read;
        try {
            read = in.readNBytes(body, 0, size);
        } catch (EOFException e) {
            // A gzip stream cut short ends with EOF inside the inflater, not with a short read.
            throw truncated(file, "in the data: " + e.getMessage());
        }
        if (read < size) {
            throw truncated(file, "after " + read + " of " + size + " data bytes");
        }
        return body;
    }

    private static IOException truncated(Path file, String where) {
        return new IOException(file + ": IDX file is truncated " + where);
    }
}
