package dev.tributary.adapt;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import java.io.IOException;

/**
 * A loaded language model and the tokenizer its checkpoint carries.
 *
 * @param model the language model
 * @param tokenizer the tokenizer the model was trained with
 */
public record TextModel(LanguageModel model, TextTokenizer tokenizer) implements AutoCloseable {

    /**
     * Loads a language-model checkpoint.
     *
     * @throws IllegalArgumentException when the checkpoint has no tokenizer, the tokenizer
     *     does not fit the model, or the weights do not load
     */
    public static TextModel load(Checkpoint checkpoint) throws IOException {
        String json = checkpoint.manifest().tokenizerJson();
        if (json == null) {
            throw new IllegalArgumentException("the checkpoint carries no tokenizer");
        }
        TextTokenizer tokenizer = TextTokenizer.fromJson(json);
        try {
            LanguageModel model = new LanguageModel(checkpoint.manifest().description(),
                    checkpoint.tensors());
            if (tokenizer.vocabularySize() > model.config().vocabularySize()) {
                model.close();
                throw new IllegalArgumentException("the tokenizer has "
                        + tokenizer.vocabularySize() + " ids, the model only "
                        + model.config().vocabularySize());
            }
            return new TextModel(model, tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The document's tokens after the end-of-document id that starts every document. */
    public int[] document(String text) {
        int[] ids = tokenizer.encode(text);
        int[] document = new int[ids.length + 1];
        document[0] = tokenizer.endOfDocumentId();
        System.arraycopy(ids, 0, document, 1, ids.length);
        return document;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
