package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder gray = new ImageDecoder(ImageSpec.of(1, 28, 28));
    private final ImageDecoder colour = new ImageDecoder(ImageSpec.of(3, 28, 28));

    @AfterEach
    void close() {
        gray.close();
        colour.close();
    }

    @Test
    void grayPngOfTheRightSizeComesBackExactly() {
        byte[] pixels = TestImages.noiseGray(28, 28, 1);

        assertThat(gray.decode(PngEncoder.encodeGray(pixels, 28, 28))).containsExactly(pixels);
    }

    @Test
    void rgbPngBecomesChannelPlanesOrLuma() {
        byte[] png = PngEncoder.encode(TestImages.rgb(28, 28, 0xC86432)); // r=200 g=100 b=50

        byte[] rgb = colour.decode(png);
        byte[] luma = gray.decode(png);

        assertThat(rgb).hasSize(3 * 784);
        assertThat(unsigned(rgb, 0)).isEqualTo(200);
        assertThat(unsigned(rgb, 784)).isEqualTo(100);
        assertThat(unsigned(rgb, 2 * 784 + 783)).isEqualTo(50);
        assertThat(unsigned(luma, 400)).isEqualTo(Math.round(0.299f * 200 + 0.587f * 100
                + 0.114f * 50));
    }

    @Test
    void rgbaPngIsCompositedOverBlack() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_4BYTE_ABGR);
        image.setRGB(0, 0, 0xFFFFFFFF);
        image.setRGB(1, 0, 0x00FFFFFF);
        image.setRGB(2, 0, 0x80FFFFFF);

        byte[] decoded = gray.decode(PngEncoder.encode(image));

        assertThat(unsigned(decoded, 0)).isEqualTo(255);
        assertThat(unsigned(decoded, 1)).isZero();
        assertThat(unsigned(decoded, 2)).isEqualTo(128);
    }

    @Test
    void sixteenBitGrayPngIsScaledToEightBits() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 0xFFFF);
        image.getRaster().setSample(1, 0, 0, 0x8080);

        byte[] decoded = gray.decode(PngEncoder.encode(image));

        assertThat(unsigned(decoded, 0)).isEqualTo(255);
        assertThat(unsigned(decoded, 1)).isEqualTo(128);
        assertThat(unsigned(decoded, 2)).isZero();
    }

    @Test
    void palettePngIsLookedUp() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_INDEXED);
        image.setRGB(0, 0, 0xFF0000);

        byte[] decoded = colour.decode(PngEncoder.encode(image));

        assertThat(unsigned(decoded, 0)).isEqualTo(255);
        assertThat(unsigned(decoded, 784)).isZero();
    }

    @Test
    void rgbJpegDecodesToNearlyTheOriginalColour() {
        byte[] jpeg = TestImages.write(TestImages.rgb(28, 28, 0x3C78B4), "jpeg"); // 60 120 180

        byte[] decoded = colour.decode(jpeg);

        assertThat(unsigned(decoded, 300)).isCloseTo(60, within(4));
        assertThat(unsigned(decoded, 784 + 300)).isCloseTo(120, within(4));
        assertThat(unsigned(decoded, 2 * 784 + 300)).isCloseTo(180, within(4));
    }

    @Test
    void grayJpegBecomesThreeEqualPlanesForAColourSpec() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 28, 28, 0, filled(784, 90));

        byte[] decoded = colour.decode(TestImages.write(image, "jpeg"));

        assertThat(unsigned(decoded, 10)).isCloseTo(90, within(2))
                .isEqualTo(unsigned(decoded, 784 + 10));
    }

    @Test
    void largerImageIsShrunkByAreaAveraging() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 32, 48, 0, filled(32 * 48, 200)); // left half bright

        byte[] decoded = gray.decode(PngEncoder.encode(image));

        assertThat(decoded).hasSize(784);
        assertThat(unsigned(decoded, 5 * 28)).isEqualTo(200);
        assertThat(unsigned(decoded, 5 * 28 + 27)).isZero();
        assertThat(unsigned(decoded, 5 * 28 + 13)).isBetween(100, 200); // straddles the edge
    }

    @Test
    void smallerImageIsEnlargedBilinearly() {
        byte[] png = PngEncoder.encodeGray(filled8(14 * 14, 77), 14, 14);

        assertThat(gray.decode(png)).hasSize(784).containsOnly((byte) 77);
    }

    @Test
    void gifIsAnUnsupportedFormat() {
        byte[] gif = TestImages.write(TestImages.rgb(8, 8, 0x123456), "gif");

        assertRejected(gray, gif, RejectReason.UNSUPPORTED_FORMAT);
    }

    @Test
    void bmpIsAnUnsupportedFormat() {
        byte[] bmp = TestImages.write(TestImages.rgb(8, 8, 0x123456), "bmp");

        assertRejected(gray, bmp, RejectReason.UNSUPPORTED_FORMAT);
    }

    @Test
    void randomBytesAreAnUnsupportedFormat() {
        byte[] noise = new byte[1000];
        new Random(42).nextBytes(noise);
        noise[0] = 0x17;

        assertRejected(gray, noise, RejectReason.UNSUPPORTED_FORMAT)
                .hasMessageContaining("first bytes: 17");
    }

    @Test
    void truncatedPngIsCorrupt() {
        byte[] png = PngEncoder.encodeGray(TestImages.noiseGray(28, 28, 2), 28, 28);

        assertRejected(gray, Arrays.copyOf(png, png.length / 2), RejectReason.CORRUPT_IMAGE);
    }

    @Test
    void truncatedJpegIsCorruptNotHalfGray() {
        byte[] jpeg = TestImages.write(TestImages.rgb(64, 64, 0x3C78B4), "jpeg");

        assertRejected(colour, Arrays.copyOf(jpeg, jpeg.length - 200), RejectReason.CORRUPT_IMAGE);
    }

    @Test
    void pngWithOnlyAHeaderIsCorrupt() {
        assertRejected(gray, TestImages.pngHeader(28, 28), RejectReason.CORRUPT_IMAGE);
    }

    @Test
    void pngClaimingTenBillionPixelsIsRefusedBeforeDecoding() {
        assertRejected(gray, TestImages.pngHeader(100_000, 100_000), RejectReason.IMAGE_TOO_LARGE)
                .hasMessageContaining("100000x100000");
    }

    @Test
    void pngClaimingMaximalUnsignedSizeWithBadCrcIsStillTooLarge() {
        byte[] png = TestImages.pngHeader(0xFFFF_FFFFL, 0xFFFF_FFFFL);
        png[png.length - 1] ^= 0x55;

        assertRejected(gray, png, RejectReason.IMAGE_TOO_LARGE);
    }

    @Test
    void pngWithZeroWidthIsEmpty() {
        assertRejected(gray, TestImages.pngHeader(0, 28), RejectReason.EMPTY_IMAGE);
    }

    @Test
    void jpegWithZeroHeightIsEmpty() {
        byte[] jpeg = TestImages.write(TestImages.rgb(16, 16, 0), "jpeg");
        int sof = indexOfMarker(jpeg, 0xC0);
        jpeg[sof + 5] = 0; // height, high byte
        jpeg[sof + 6] = 0; // height, low byte

        assertRejected(gray, jpeg, RejectReason.EMPTY_IMAGE);
    }

    @Test
    void arithmeticCodedJpegIsAnUnsupportedFormat() {
        byte[] jpeg = TestImages.write(TestImages.rgb(16, 16, 0), "jpeg");
        jpeg[indexOfMarker(jpeg, 0xC0) + 1] = (byte) 0xC9;

        assertRejected(gray, jpeg, RejectReason.UNSUPPORTED_FORMAT).hasMessageContaining("SOF9");
    }

    @Test
    void cmykJpegIsAnUnsupportedColourModel() throws IOException {
        byte[] cmyk = TestImages.cmykJpeg(16, 16);

        assertRejected(colour, cmyk, RejectReason.UNSUPPORTED_COLOR_MODEL)
                .hasMessageContaining("4 colour components");
    }

    @Test
    void emptyAndNullValuesAreEmpty() {
        assertRejected(gray, new byte[0], RejectReason.EMPTY_VALUE);
        assertRejected(gray, null, RejectReason.EMPTY_VALUE);
    }

    @Test
    void valueOverTheByteLimitIsTooLarge() {
        ImageDecoder small = new ImageDecoder(new ImageSpec(1, 28, 28, 1_000_000, 100));
        byte[] png = PngEncoder.encodeGray(TestImages.noiseGray(28, 28, 3), 28, 28);

        assertRejected(small, png, RejectReason.VALUE_TOO_LARGE);
    }

    @Test
    void imageOverThePixelLimitIsTooLarge() {
        ImageDecoder small = new ImageDecoder(new ImageSpec(1, 28, 28, 28 * 28 - 1, 1 << 20));

        assertRejected(small, PngEncoder.encodeGray(new byte[784], 28, 28),
                RejectReason.IMAGE_TOO_LARGE);
    }

    @Test
    void decoderKeepsWorkingAfterACorruptImage() {
        byte[] pixels = TestImages.noiseGray(28, 28, 4);
        byte[] png = PngEncoder.encodeGray(pixels, 28, 28);
        assertRejected(gray, Arrays.copyOf(png, png.length - 30), RejectReason.CORRUPT_IMAGE);

        assertThat(gray.decode(png)).containsExactly(pixels);
    }

    @Test
    void corruptedBytesInsidePngNeverEscapeAsOtherExceptions() {
        byte[] png = PngEncoder.encodeGray(TestImages.noiseGray(28, 28, 5), 28, 28);
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = png.clone();
            damaged[33 + random.nextInt(png.length - 33)] = (byte) random.nextInt();
            try {
                gray.decode(damaged);
            } catch (InvalidRecordException expected) {
                assertThat(expected.reason()).isEqualTo(RejectReason.CORRUPT_IMAGE);
            }
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            ImageDecoder decoder, byte[] bytes, RejectReason reason) {
        return assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    private static int unsigned(byte[] bytes, int i) {
        return bytes[i] & 0xff;
    }

    private static int[] filled(int n, int value) {
        int[] samples = new int[n];
        Arrays.fill(samples, value);
        return samples;
    }

    private static byte[] filled8(int n, int value) {
        byte[] samples = new byte[n];
        Arrays.fill(samples, (byte) value);
        return samples;
    }
}
