package dev.tributary.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * What {@link BpeTrainer} learned: every token by id and the merges by rank.
 *
 * <p>Ids 0 and 1 are the end-of-document and padding specials, ids 2 to 257 the 256 byte
 * symbols in byte order, and the rest the merge results in the order they were learned.
 *
 * @param tokens every token string, indexed by id
 * @param merges the merges, highest priority first
 */
public record BpeVocabulary(List<String> tokens, List<BpeMerge> merges) {

    public static final int END_OF_DOCUMENT_ID = 0;
    public static final int PADDING_ID = 1;

    /** Copies the lists and checks that no token string has two ids. */
    public BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        if (new HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException(
                    "a token string appears twice; a special token may spell a learned token");
        }
    }

    /** Returns the number of token ids. */
    public int size() {
        return tokens.size();
    }

    public String endOfDocumentToken() {
        return tokens.get(END_OF_DOCUMENT_ID);
    }

    public String paddingToken() {
        return tokens.get(PADDING_ID);
    }

    /** Returns the Hugging Face {@code tokenizer.json} text for this vocabulary. */
    public String toTokenizerJson() {
        return TokenizerJson.render(this);
    }

    /**
     * Writes the {@code tokenizer.json} so that a crash leaves either the old file or the new
     * one, never a partial file.
     */
    public void writeTo(Path tokenizerJson) throws IOException {
        AtomicFiles.write(tokenizerJson, toTokenizerJson().getBytes(StandardCharsets.UTF_8));
    }
}
