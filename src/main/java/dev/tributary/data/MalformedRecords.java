package dev.tributary.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Records that ingest must refuse, each with the reason it must give. The demo mixes them into
 * its streams to show the dead-letter topic at work, and the tests use them to prove that every
 * one is accounted for.
 */
public final class MalformedRecords {

    /** A bad record and the reason ingest must give for refusing it. */
    public record Malformed(RawRecord record, RejectReason expected) {
    }

    private static final byte[] PNG_SIGNATURE =
            {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private MalformedRecords() {
    }

    /** One of each kind of bad text, for documents of at most {@code maxBytes}. */
    public static List<Malformed> texts(String keyPrefix, int maxBytes) {
        byte[] oversized = new byte[maxBytes + 1];
        Arrays.fill(oversized, (byte) 'a');
        return List.of(
                text(keyPrefix + "empty", new byte[0], RejectReason.EMPTY_VALUE),
                text(null, utf8("a document without a key"), RejectReason.MISSING_KEY),
                text(keyPrefix + "latin1", new byte[] {'c', 'a', 'f', (byte) 0xE9},
                        RejectReason.INVALID_UTF8),
                text(keyPrefix + "overlong", new byte[] {'a', (byte) 0xC0, (byte) 0xAF},
                        RejectReason.INVALID_UTF8),
                text(keyPrefix + "oversized", oversized, RejectReason.VALUE_TOO_LARGE),
                text(keyPrefix + "blank", utf8(" \t\r\n\u00A0 "), RejectReason.BLANK_TEXT),
                text(keyPrefix + "nul", utf8("before\u0000after"), RejectReason.NUL_BYTE));
    }

    /** One of each kind of bad image. */
    public static List<Malformed> images(String keyPrefix) {
        BufferedImage picture = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        byte[] png = encode(picture, "png");
        byte[] random = new byte[512];
        new Random(7).nextBytes(random);
        return List.of(
                image(keyPrefix + "empty", new byte[0], RejectReason.EMPTY_VALUE),
                image(null, png, RejectReason.MISSING_KEY),
                image(keyPrefix + "gif", encode(rgb(picture), "gif"),
                        RejectReason.UNSUPPORTED_FORMAT),
                image(keyPrefix + "bmp", encode(rgb(picture), "bmp"),
                        RejectReason.UNSUPPORTED_FORMAT),
                image(keyPrefix + "random", random, RejectReason.UNSUPPORTED_FORMAT),
                image(keyPrefix + "truncated-png", Arrays.copyOf(png, png.length / 2),
                        RejectReason.CORRUPT_IMAGE),
                image(keyPrefix + "bomb-png", pngHeader(100_000, 100_000),
                        RejectReason.IMAGE_TOO_LARGE),
                image(keyPrefix + "zero-png", pngHeader(0, 28), RejectReason.EMPTY_IMAGE));
    }

    /**
     * The first bytes of a PNG whose header declares the given size, with a valid chunk CRC,
     * and no image data: what a decompression bomb looks like before it is inflated.
     */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(PNG_SIGNATURE.length + 4 + 17 + 4).put(PNG_SIGNATURE)
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    private static Malformed text(String key, byte[] value, RejectReason reason) {
        return new Malformed(new RawRecord(key, value, null), reason);
    }

    private static Malformed image(String key, byte[] value, RejectReason reason) {
        return new Malformed(new RawRecord(key, value, null), reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static BufferedImage rgb(BufferedImage gray) {
        BufferedImage rgb = new BufferedImage(gray.getWidth(), gray.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(gray, 0, 0, null);
        return rgb;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
