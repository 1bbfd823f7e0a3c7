package dev.tributary.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded image into planes of 8-bit samples, C x H x W, at the image's own size.
 * Samples are read from the raster and scaled by bit depth here rather than through Java2D,
 * whose gray colour space is linear and would shift every gray level of a gray PNG.
 * Transparent pixels are composited over black, the background of the data sets Tributary
 * trains on. RGB becomes gray by the Rec. 601 luma weights that JPEG itself uses.
 */
final class RasterPixels {

    private RasterPixels() {
    }

    /** Planes with {@code channels} (1 or 3) channels; colour models other than gray and RGB
     *  are refused with {@link RejectReason#UNSUPPORTED_COLOR_MODEL}. */
    static byte[] planes(BufferedImage image, int channels) {
        Raster raster = image.getRaster();
        if (channels == 1 && isPlainGray8(image)) {
            // (H*W) gray bytes straight from the raster: the common case, no conversion at all.
            return (byte[]) raster.getDataElements(0, 0, image.getWidth(), image.getHeight(),
                    null);
        }
        int[][] rgba = image.getColorModel() instanceof IndexColorModel palette
                ? paletteSamples(raster, palette) : componentSamples(image);
        return convert(rgba, channels);
    }

    private static boolean isPlainGray8(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && model.getNumComponents() == 1
                && image.getRaster().getNumBands() == 1
                && image.getRaster().getTransferType() == DataBuffer.TYPE_BYTE
                && image.getSampleModel().getSampleSize(0) == 8;
    }

    /** Gray or RGB samples scaled to 0..255, one array per channel, plus alpha if present. */
    private static int[][] componentSamples(BufferedImage image) {
        ColorModel model = image.getColorModel();
        int colourBands = switch (model.getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> 1;
            case ColorSpace.TYPE_RGB -> 3;
            default -> throw new InvalidRecordException(RejectReason.UNSUPPORTED_COLOR_MODEL,
                    "colour space type " + model.getColorSpace().getType() + " is not gray or RGB");
        };
        Raster raster = image.getRaster();
        int[][] samples = new int[model.hasAlpha() ? colourBands + 1 : colourBands][];
        for (int band = 0; band < samples.length; band++) {
            samples[band] = scaledBand(raster, band);
        }
        return samples;
    }

    private static int[] scaledBand(Raster raster, int band) {
        int[] samples = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), band,
                (int[]) null);
        int bits = raster.getSampleModel().getSampleSize(band);
        if (bits != 8) {
            int max = (1 << bits) - 1;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (int) (((long) samples[i] * 255 + max / 2) / max);
            }
        }
        return samples;
    }

    private static int[][] paletteSamples(Raster raster, IndexColorModel palette) {
        int[] index = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0,
                (int[]) null);
        int[][] rgba = new int[palette.hasAlpha() ? 4 : 3][index.length];
        for (int i = 0; i < index.length; i++) {
            int argb = palette.getRGB(index[i]);
            rgba[0][i] = (argb >> 16) & 0xff;
            rgba[1][i] = (argb >> 8) & 0xff;
            rgba[2][i] = argb & 0xff;
            if (rgba.length == 4) {
                rgba[3][i] = argb >>> 24;
            }
        }
        return rgba;
    }

    /** From 1 (gray), 2 (gray, alpha), 3 (RGB) or 4 (RGBA) sample arrays to C x H x W. */
    private static byte[] convert(int[][] in, int channels) {
        boolean alpha = in.length == 2 || in.length == 4;
        boolean gray = in.length <= 2;
        int pixels = in[0].length;
        byte[] out = new byte[channels * pixels];
        for (int i = 0; i < pixels; i++) {
            int a = alpha ? in[in.length - 1][i] : 255;
            int r = over(in[0][i], a);
            int g = gray ? r : over(in[1][i], a);
            int b = gray ? r : over(in[2][i], a);
            if (channels == 1) {
                out[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
            } else {
                out[i] = (byte) r;
                out[pixels + i] = (byte) g;
                out[2 * pixels + i] = (byte) b;
            }
        }
        return out;
    }

    private static int over(int value, int alpha) {
        return alpha == 255 ? value : (value * alpha + 127) / 255;
    }
}
