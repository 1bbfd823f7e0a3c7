package dev.tributary.data;

/**
 * Resizes planes of 8-bit samples (C x H x W). Enlarging interpolates bilinearly between pixel
 * centres; shrinking averages the source area each output pixel covers, so that a large photo
 * reduced to 28x28 keeps its tones instead of aliasing into noise.
 */
final class Resampler {

    private Resampler() {
    }

    /** Resizes {@code channels} planes of {@code h x w} to {@code outH x outW}. */
    static byte[] resize(byte[] planes, int channels, int h, int w, int outH, int outW) {
        Taps rows = Taps.of(h, outH);
        Taps cols = Taps.of(w, outW);
        byte[] out = new byte[channels * outH * outW];
        float[] rowBuffer = new float[outH * w]; // (outH, W): vertical pass of one channel
        for (int c = 0; c < channels; c++) {
            verticalPass(planes, c * h * w, w, rows, rowBuffer);
            horizontalPass(rowBuffer, outH, w, cols, out, c * outH * outW);
        }
        return out;
    }

    private static void verticalPass(byte[] in, int offset, int w, Taps rows, float[] out) {
        for (int y = 0; y < rows.count(); y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int t = 0; t < rows.weights[y].length; t++) {
                    sum += rows.weights[y][t] * (in[offset + (rows.first[y] + t) * w + x] & 0xff);
                }
                out[y * w + x] = sum;
            }
        }
    }

    private static void horizontalPass(float[] in, int outH, int w, Taps cols, byte[] out,
            int offset) {
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < cols.count(); x++) {
                float sum = 0;
                for (int t = 0; t < cols.weights[x].length; t++) {
                    sum += cols.weights[x][t] * in[y * w + cols.first[x] + t];
                }
                out[offset + y * cols.count() + x] = (byte) Math.min(255, Math.round(sum));
            }
        }
    }

    /** For each output index along one axis: the first source index and the weights from it. */
    private record Taps(int[] first, float[][] weights) {

        int count() {
            return first.length;
        }

        static Taps of(int in, int out) {
            return out >= in ? bilinear(in, out) : area(in, out);
        }

        private static Taps bilinear(int in, int out) {
            int[] first = new int[out];
            float[][] weights = new float[out][];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float centre = Math.max(0, (i + 0.5f) * scale - 0.5f);
                int lo = Math.min((int) centre, in - 1);
                float frac = Math.min(centre - lo, 1);
                first[i] = lo;
                weights[i] = lo + 1 < in ? new float[] {1 - frac, frac} : new float[] {1};
            }
            return new Taps(first, weights);
        }

        private static Taps area(int in, int out) {
            int[] first = new int[out];
            float[][] weights = new float[out][];
            double scale = (double) in / out;
            for (int i = 0; i < out; i++) {
                double start = i * scale;
                double end = (i + 1) * scale;
                int lo = (int) start;
                int hi = Math.min(in, (int) Math.ceil(end));
                first[i] = lo;
                weights[i] = new float[hi - lo];
                for (int s = lo; s < hi; s++) {
                    double covered = Math.min(end, s + 1) - Math.max(start, s);
                    weights[i][s - lo] = (float) (covered / scale);
                }
            }
            return new Taps(first, weights);
        }
    }
}
