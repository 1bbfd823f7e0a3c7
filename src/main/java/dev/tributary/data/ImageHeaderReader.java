package dev.tributary.data;

import dev.tributary.data.ImageHeader.Format;

/**
 * Reads the format and dimensions of a PNG or JPEG from its first bytes. This runs before any
 * decoder so that an image claiming billions of pixels is refused without allocating them, and
 * so that the format is decided by the content, never by a name or header the producer chose.
 */
public final class ImageHeaderReader {

    private static final byte[] PNG_SIGNATURE =
            {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR = ('I' << 24) | ('H' << 16) | ('D' << 8) | 'R';
    private static final int IHDR_LENGTH = 13;

    private ImageHeaderReader() {
    }

    /**
     * Reads the header, or throws {@link InvalidRecordException} with
     * {@link RejectReason#UNSUPPORTED_FORMAT} or {@link RejectReason#CORRUPT_IMAGE}.
     */
    public static ImageHeader read(byte[] bytes) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return readPng(bytes);
        }
        if (bytes.length >= 3 && u8(bytes, 0) == 0xff && u8(bytes, 1) == 0xd8
                && u8(bytes, 2) == 0xff) {
            return readJpeg(bytes);
        }
        throw new InvalidRecordException(RejectReason.UNSUPPORTED_FORMAT, describe(bytes));
    }

    private static ImageHeader readPng(byte[] bytes) {
        // The IHDR chunk must come first: length(4) type(4) width(4) height(4) depth colour ...
        if (bytes.length < 8 + 8 + IHDR_LENGTH) {
            throw corrupt("PNG of " + bytes.length + " bytes ends inside its IHDR chunk");
        }
        if (u32(bytes, 8) != IHDR_LENGTH || (int) u32(bytes, 12) != IHDR) {
            throw corrupt("PNG does not start with a 13-byte IHDR chunk");
        }
        int colourType = u8(bytes, 25);
        return new ImageHeader(Format.PNG, u32(bytes, 16), u32(bytes, 20),
                pngComponents(colourType));
    }

    private static int pngComponents(int colourType) {
        return switch (colourType) {
            case 0, 3 -> 1; // gray, palette index
            case 4 -> 2;    // gray and alpha
            case 2 -> 3;    // RGB
            case 6 -> 4;    // RGB and alpha
            default -> throw corrupt("PNG has unknown colour type " + colourType);
        };
    }

    /** Walks the marker segments up to the frame header (SOFn), which holds the size. */
    private static ImageHeader readJpeg(byte[] bytes) {
        int pos = 2;
        while (true) {
            if (pos >= bytes.length || u8(bytes, pos) != 0xff) {
                throw corrupt("JPEG has no marker at byte " + pos);
            }
            while (pos < bytes.length && u8(bytes, pos) == 0xff) {
                pos++; // markers may be preceded by any number of 0xff fill bytes
            }
            if (pos + 2 >= bytes.length) {
                throw corrupt("JPEG ends before its frame header");
            }
            int marker = u8(bytes, pos++);
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xd9 || marker == 0xda) {
                throw corrupt("JPEG reaches its image data without a frame header");
            }
            int length = u16(bytes, pos);
            if (length < 2) {
                throw corrupt("JPEG marker segment with length " + length);
            }
            if (isFrameHeader(marker)) {
                return readFrameHeader(bytes, marker, pos);
            }
            pos += length;
        }
    }

    private static boolean isFrameHeader(int marker) {
        // 0xc4 (Huffman tables), 0xc8 (reserved) and 0xcc (arithmetic conditioning) are not.
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                && marker != 0xcc;
    }

    private static ImageHeader readFrameHeader(byte[] bytes, int marker, int pos) {
        // length(2) precision(1) height(2) width(2) components(1)
        if (pos + 8 > bytes.length) {
            throw corrupt("JPEG ends inside its frame header");
        }
        if (marker > 0xc2) {
            // Lossless, hierarchical and arithmetic-coded JPEGs: the JDK decoder has none of them.
            throw new InvalidRecordException(RejectReason.UNSUPPORTED_FORMAT,
                    String.format("JPEG coding process SOF%d is not supported", marker - 0xc0));
        }
        return new ImageHeader(Format.JPEG, u16(bytes, pos + 5), u16(bytes, pos + 3),
                u8(bytes, pos + 7));
    }

    private static String describe(byte[] bytes) {
        StringBuilder hex = new StringBuilder("not PNG or JPEG; first bytes:");
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format(" %02x", bytes[i]));
        }
        return hex.toString();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InvalidRecordException corrupt(String detail) {
        return new InvalidRecordException(RejectReason.CORRUPT_IMAGE, detail);
    }

    private static int u8(byte[] bytes, int pos) {
        return bytes[pos] & 0xff;
    }

    private static int u16(byte[] bytes, int pos) {
        return (u8(bytes, pos) << 8) | u8(bytes, pos + 1);
    }

    private static long u32(byte[] bytes, int pos) {
        return ((long) u16(bytes, pos) << 16) | u16(bytes, pos + 2);
    }
}
