package dev.tributary.eval;

/**
 * How much data an evaluation reads, which sets how long it takes.
 *
 * @param trainImages Fashion-MNIST train images the probes are fitted on, up to 60,000
 * @param testImages test images they are scored on, up to 10,000
 * @param textBytes held-out fortune bytes the language model and compressors read
 * @param trainTextBytes bytes of the train fortunes the compressors are given first, for
 *     their figures given the train text; the whole train part is about 2.5 MB
 */
public record EvalSizes(int trainImages, int testImages, int textBytes, int trainTextBytes) {

    public EvalSizes {
        if (trainImages < 1 || testImages < 1 || textBytes < 1 || trainTextBytes < 1) {
            throw new IllegalArgumentException("every size must be positive");
        }
    }
}
