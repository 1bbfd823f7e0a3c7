package dev.tributary.embed;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.RejectReason;
import dev.tributary.data.TextValidator;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Documents through a language-model checkpoint: validated as ingest validates them, encoded
 * with the tokenizer the checkpoint carries, cut to the model's context, then embedded.
 */
final class TextRecordEmbedder implements RecordEmbedder<int[]> {

    private final String model;
    private final long version;
    private final TextValidator validator = new TextValidator();
    private final TextTokenizer tokenizer;
    private final LanguageModel languageModel;

    /**
     * @throws IllegalArgumentException when the checkpoint is not a usable language model, has
     *     no tokenizer, or its tokenizer has ids the model does not know
     */
    TextRecordEmbedder(Checkpoint checkpoint) {
        this.model = checkpoint.manifest().model();
        this.version = checkpoint.version();
        this.tokenizer = tokenizer(checkpoint);
        try {
            this.languageModel = new LanguageModel(checkpoint.manifest().description(),
                    checkpoint.tensors());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        if (tokenizer.vocabularySize() > languageModel.config().vocabularySize()) {
            close();
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabularySize()
                    + " ids but the model only " + languageModel.config().vocabularySize());
        }
    }

    private static TextTokenizer tokenizer(Checkpoint checkpoint) {
        String json = checkpoint.manifest().tokenizerJson();
        if (json == null) {
            throw new IllegalArgumentException("the checkpoint carries no tokenizer");
        }
        try {
            return TextTokenizer.fromJson(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the checkpoint's tokenizer is not JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int[] prepare(byte[] value) {
        String text = validator.validate(value);
        int[] tokens = tokenizer.encode(text);
        int[] read = Arrays.copyOf(tokens, Math.min(tokens.length,
                languageModel.config().contextLength())); // (T,) at most the context
        // Embeddings average over non-padding positions; a text of nothing but the padding
        // token's literal has none. Ingest has no reason of its own for it: it is blank text.
        if (Arrays.stream(read).allMatch(id -> id == tokenizer.paddingId())) {
            throw new InvalidRecordException(RejectReason.BLANK_TEXT,
                    "text holds nothing but padding tokens");
        }
        return read;
    }

    @Override
    public float[][] embed(List<int[]> documents) {
        return languageModel.embed(documents.toArray(int[][]::new)); // (N, C)
    }

    @Override
    public void close() {
        languageModel.close();
        tokenizer.close();
    }
}
