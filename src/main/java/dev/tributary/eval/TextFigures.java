package dev.tributary.eval;

import java.util.List;

/**
 * How well a language model predicts held-out fortunes, beside general-purpose compressors.
 *
 * @param documents held-out fortunes scored
 * @param bytes UTF-8 bytes of their text, documents joined by newlines
 * @param tokens tokens predicted, end-of-document tokens included
 * @param bitsPerByte the model's total negative log-likelihood in bits over {@code bytes}
 * @param compressors the installed compressors on the same bytes
 */
public record TextFigures(int documents, long bytes, long tokens, double bitsPerByte,
        List<CompressorFigures> compressors) {

    public TextFigures {
        compressors = List.copyOf(compressors);
    }
}
