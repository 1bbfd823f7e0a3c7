package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.FashionMnist.Split;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how long decoding a 28x28 grayscale PNG takes on this machine. It asserts nothing
 * about time, since shared build machines vary; the figure is logged for a person to read.
 */
class ImageDecoderThroughputTest {

    private static final Logger log = LoggerFactory.getLogger(ImageDecoderThroughputTest.class);
    private static final int DISTINCT = 1_000;

    @Test
    void reportsMicrosecondsPerTwentyEightPixelPng() throws IOException {
        byte[][] pngs = samplePngs();
        try (ImageDecoder decoder = new ImageDecoder(ImageSpec.defaultGrayscale())) {
            run(decoder, pngs, 20_000); // warm-up, lets the JIT compile the decode path
            long start = System.nanoTime();
            int decoded = run(decoder, pngs, 50_000);
            double micros = (System.nanoTime() - start) / 1e3 / decoded;

            log.info("Decoded {} 28x28 PNGs (about {} bytes each) at {} us/image, {} images/s"
                    + " on one thread", decoded, pngs[0].length, String.format("%.1f", micros),
                    Math.round(1e6 / micros));
            System.out.printf("ImageDecoder: %.1f us per 28x28 PNG (%d images/s, one thread)%n",
                    micros, Math.round(1e6 / micros));
            assertThat(decoded).isEqualTo(50_000);
        }
    }

    private static int run(ImageDecoder decoder, byte[][] pngs, int count) {
        int decoded = 0;
        for (int i = 0; i < count; i++) {
            if (decoder.decode(pngs[i % pngs.length]).length == 784) {
                decoded++;
            }
        }
        return decoded;
    }

    private static byte[][] samplePngs() throws IOException {
        byte[][] pngs = new byte[DISTINCT][];
        FashionMnist data = FashionMnist.isPresentIn(FashionMnist.DEFAULT_DIRECTORY)
                ? FashionMnist.load(Split.TEST) : null;
        for (int i = 0; i < DISTINCT; i++) {
            byte[] pixels = data != null ? data.pixels(i) : TestImages.noiseGray(28, 28, i);
            pngs[i] = PngEncoder.encodeGray(pixels, 28, 28);
        }
        return pngs;
    }
}
