package dev.tributary.eval;

import dev.tributary.data.Fortune;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bits per byte of a language model on held-out fortunes, and of the installed compressors
 * on the same bytes, standalone and given the train text.
 *
 * <p>The model reads the documents as one token stream, each document after an
 * end-of-document token, in windows of its context length that overlap by half, so every
 * token but those of the first window is predicted from at least half a context.
 */
public final class TextEvaluation {

    private final FortuneSplit split;
    private final int maxBytes;
    private final int maxTrainBytes;

    /**
     * @param split which fortunes are held out
     * @param maxBytes held-out documents are taken in order until their text reaches this
     *     many bytes, which bounds the time the model and the compressors take
     * @param maxTrainBytes the compressors' train text is the first this many bytes of the
     *     train documents, which bounds the time of the figures given the train text
     */
    public TextEvaluation(FortuneSplit split, int maxBytes, int maxTrainBytes) {
        this.split = split;
        this.maxBytes = maxBytes;
        this.maxTrainBytes = maxTrainBytes;
    }

    /** All text figures of the model that reads text with this tokenizer. */
    public TextFigures evaluate(LanguageModel model, TextTokenizer tokenizer) {
        List<String> documents = heldOutDocuments();
        byte[] heldOut = String.join("\n", documents).getBytes(StandardCharsets.UTF_8);
        int[] stream = tokenStream(documents, tokenizer);
        double nats = negativeLogLikelihood(model, stream);
        double bitsPerByte = nats / Math.log(2) / heldOut.length;
        return new TextFigures(documents.size(), heldOut.length, stream.length - 1, bitsPerByte,
                compressors(heldOut));
    }

    private List<String> heldOutDocuments() {
        List<String> documents = new ArrayList<>();
        long bytes = 0;
        for (Fortune fortune : split.heldOut()) {
            if (bytes >= maxBytes) {
                break;
            }
            documents.add(fortune.text());
            bytes += fortune.text().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return documents;
    }

    private static int[] tokenStream(List<String> documents, TextTokenizer tokenizer) {
        int[] stream = new int[0];
        int length = 0;
        for (String document : documents) {
            int[] ids = tokenizer.encode(document);
            if (length + ids.length + 1 > stream.length) {
                stream = Arrays.copyOf(stream, Math.max(2 * stream.length,
                        length + ids.length + 1));
            }
            stream[length++] = tokenizer.endOfDocumentId();
            System.arraycopy(ids, 0, stream, length, ids.length);
            length += ids.length;
        }
        return Arrays.copyOf(stream, length);
    }

    /** Nats of every token after the first, read in half-overlapping context windows. */
    static double negativeLogLikelihood(LanguageModel model, int[] stream) {
        int context = model.config().contextLength();
        int stride = Math.max(1, context / 2);
        double nats = 0;
        int position = 1;
        while (position < stream.length) {
            int end = Math.min(stream.length, position == 1 ? 1 + context : position + stride);
            int[] prefix = Arrays.copyOfRange(stream, Math.max(0, position - context), position);
            int[] continuation = Arrays.copyOfRange(stream, position, end);
            nats -= model.logLikelihood(prefix, continuation);
            position = end;
        }
        return nats;
    }

    private List<CompressorFigures> compressors(byte[] heldOut) {
        byte[] whole = String.join("\n", split.train().stream().map(Fortune::text).toList())
                .concat("\n").getBytes(StandardCharsets.UTF_8);
        byte[] train = Arrays.copyOf(whole, Math.min(whole.length, maxTrainBytes));
        byte[] both = Arrays.copyOf(train, train.length + heldOut.length);
        System.arraycopy(heldOut, 0, both, train.length, heldOut.length);
        List<CompressorFigures> figures = new ArrayList<>();
        for (Compressor compressor : Compressor.values()) {
            if (compressor.find().isEmpty()) {
                continue;
            }
            long alone = compressor.compressedSize(heldOut);
            long given = compressor.compressedSize(both) - compressor.compressedSize(train);
            figures.add(new CompressorFigures(compressor.commandLine(),
                    8.0 * alone / heldOut.length, 8.0 * given / heldOut.length));
        }
        return figures;
    }
}
