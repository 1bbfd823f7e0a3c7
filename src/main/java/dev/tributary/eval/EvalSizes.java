package dev.tributary.eval;

/**
 * How much data an evaluation reads, which sets how long it takes.
 *
 * @param trainImages Fashion-MNIST train images the probes are fitted on, up to 60,000
 * @param testImages test images they are scored on, up to 10,000
 * @param textBytes held-out fortune bytes the language model and compressors read
 */
public record EvalSizes(int trainImages, int testImages, int textBytes) {

    public EvalSizes {
        if (trainImages < 1 || testImages < 1 || textBytes < 1) {
            throw new IllegalArgumentException("every size must be positive");
        }
    }
}
