package dev.tributary.data;

import dev.tributary.data.ImageHeader.Format;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG and JPEG record values into C x H x W unsigned bytes of the configured shape, or
 * refuses them with an {@link InvalidRecordException} naming the reason. Checks run from cheap
 * to expensive: size, magic bytes, declared dimensions, and only then the decoder, so hostile
 * input costs little. Every failure inside the JDK decoder becomes
 * {@link RejectReason#CORRUPT_IMAGE}; nothing else escapes.
 *
 * <p>Four-component (CMYK and YCCK) JPEGs are refused with
 * {@link RejectReason#UNSUPPORTED_COLOR_MODEL}: converting them faithfully needs the embedded
 * ICC profile and Adobe's inverted-sample convention, and such images are print artefacts
 * rather than the camera and screen images a stream of training data holds.
 *
 * <p>An instance keeps one PNG and one JPEG reader for reuse, because creating a JPEG reader
 * allocates native state; it is therefore not thread-safe. Use one per stream thread and close
 * it when the thread ends.
 */
public final class ImageDecoder implements AutoCloseable {

    private static final ImageReaderSpi PNG = findSpi("png");
    private static final ImageReaderSpi JPEG = findSpi("jpeg");

    private final ImageSpec spec;
    private ImageReader pngReader;
    private ImageReader jpegReader;

    public ImageDecoder(ImageSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public ImageSpec spec() {
        return spec;
    }

    /** Decodes one image to {@code spec.channels() x spec.height() x spec.width()} bytes. */
    public byte[] decode(byte[] bytes) {
        checkSize(bytes);
        ImageHeader header = ImageHeaderReader.read(bytes);
        checkHeader(header);
        BufferedImage image = read(header, bytes);
        byte[] planes = RasterPixels.planes(image, spec.channels());
        if (image.getHeight() == spec.height() && image.getWidth() == spec.width()) {
            return planes;
        }
        return Resampler.resize(planes, spec.channels(), image.getHeight(), image.getWidth(),
                spec.height(), spec.width());
    }

    @Override
    public void close() {
        if (pngReader != null) {
            pngReader.dispose();
            pngReader = null;
        }
        if (jpegReader != null) {
            jpegReader.dispose();
            jpegReader = null;
        }
    }

    private void checkSize(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRecordException(RejectReason.EMPTY_VALUE);
        }
        if (bytes.length > spec.maxBytes()) {
            throw new InvalidRecordException(RejectReason.VALUE_TOO_LARGE,
                    bytes.length + " bytes, limit " + spec.maxBytes());
        }
    }

    private void checkHeader(ImageHeader header) {
        if (header.width() == 0 || header.height() == 0) {
            throw new InvalidRecordException(RejectReason.EMPTY_IMAGE,
                    header.format() + " declares " + header.width() + "x" + header.height());
        }
        if (header.pixels() > spec.maxPixels()) {
            throw new InvalidRecordException(RejectReason.IMAGE_TOO_LARGE,
                    header.format() + " declares " + header.width() + "x" + header.height()
                            + " pixels, limit " + spec.maxPixels());
        }
        if (header.format() == Format.JPEG && header.components() != 1
                && header.components() != 3) {
            throw new InvalidRecordException(RejectReason.UNSUPPORTED_COLOR_MODEL,
                    "JPEG with " + header.components() + " colour components");
        }
    }

    private BufferedImage read(ImageHeader header, byte[] bytes) {
        ImageReader reader = reader(header.format());
        List<String> warnings = new ArrayList<>(0);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(
                new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0);
            // The JPEG reader only warns when the data ends early, and fills the rest with gray.
            if (!warnings.isEmpty()) {
                throw corrupt(header, String.join("; ", warnings));
            }
            if (image.getWidth() != header.width() || image.getHeight() != header.height()) {
                throw corrupt(header, "decoded size differs from the header");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRecordException invalid) {
                throw invalid;
            }
            throw corrupt(header, e.toString());
        } finally {
            reader.reset(); // drops the input, listeners and any half-read state for the next call
        }
    }

    private ImageReader reader(Format format) {
        try {
            if (format == Format.PNG) {
                if (pngReader == null) {
                    pngReader = PNG.createReaderInstance();
                }
                return pngReader;
            }
            if (jpegReader == null) {
                jpegReader = JPEG.createReaderInstance();
            }
            return jpegReader;
        } catch (IOException e) {
            throw new IllegalStateException("the JDK's " + format + " reader cannot be created", e);
        }
    }

    private static InvalidRecordException corrupt(ImageHeader header, String detail) {
        return new InvalidRecordException(RejectReason.CORRUPT_IMAGE,
                header.format() + ": " + detail);
    }

    /** Looks up the JDK's reader once: a registry lookup per image would cost more than PNG. */
    private static ImageReaderSpi findSpi(String formatName) {
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, true);
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            if (List.of(spi.getFormatNames()).contains(formatName)
                    && spi.getClass().getName().startsWith("com.sun.imageio.")) {
                return spi;
            }
        }
        throw new IllegalStateException("this Java runtime has no " + formatName + " reader");
    }
}
