package dev.tributary.eval;

/**
 * What a general-purpose compressor makes of the held-out text.
 *
 * @param command the command line it ran with
 * @param bitsPerByte compressed bits per byte of the held-out text on its own
 * @param conditionedBitsPerByte bits per byte of the held-out text appended to the train
 *     text: {@code size(train + held out) - size(train)}, what the compressor needs once it
 *     has read what the model could have trained on
 */
public record CompressorFigures(String command, double bitsPerByte,
        double conditionedBitsPerByte) {
}
