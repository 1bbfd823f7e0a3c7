package dev.tributary.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes 8-bit grayscale pixels as PNG, the form in which producers send images. */
public final class PngEncoder {

    static {
        // Encoding into memory needs no temporary files; ImageIO would otherwise create them.
        ImageIO.setUseCache(false);
    }

    private PngEncoder() {
    }

    /** PNG bytes of a {@code rows x cols} grayscale image given row-major, 0..255. */
    public static byte[] encodeGray(byte[] pixels, int rows, int cols) {
        if (rows <= 0 || cols <= 0 || pixels.length != rows * cols) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + rows + "x"
                    + cols + " image");
        }
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, cols, rows, pixels);
        return encode(image);
    }

    /** PNG bytes of any image ImageIO's PNG writer accepts. */
    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + image.getWidth()
                * image.getHeight());
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalArgumentException("no PNG writer for image type "
                        + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e); // cannot happen
        }
        return out.toByteArray();
    }
}
