package dev.tributary.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns text into token ids and back with a byte-level BPE {@code tokenizer.json}, through
 * DJL's binding of the Hugging Face tokenizers library.
 *
 * <p>Encoding adds no special tokens and never truncates or pads; {@code decode(encode(text))}
 * gives back exactly {@code text} for any string. The end-of-document and padding tokens are
 * the special tokens with ids 0 and 1, as {@link BpeTrainer} writes them. Their literal text is
 * matched anywhere in the input: a document containing {@code "<|endoftext|>"} encodes that
 * piece as the end-of-document id, and decoding writes the literal back, so the round trip
 * still holds. Producers who must not end documents early should not send the literal.
 *
 * <p>Thread safety: give each thread (each Kafka Streams processor) its own instance, for
 * example {@code TextTokenizer.fromJson(shared.json())}, which costs a few milliseconds. The
 * Rust tokenizer underneath encodes through shared references and guards its cache with a
 * lock, but DJL's native binding does not promise concurrent use of one handle, and
 * {@link #close()} while another thread encodes would free memory in use.
 */
public final class TextTokenizer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final String json;
    private final int endOfDocumentId;
    private final int paddingId;
    private final int vocabularySize;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, String json, SpecialIds ids) {
        this.tokenizer = tokenizer;
        this.json = json;
        this.endOfDocumentId = ids.endOfDocument();
        this.paddingId = ids.padding();
        this.vocabularySize = ids.vocabularySize();
    }

    /** Loads a {@code tokenizer.json} written by {@link BpeTrainer}. */
    public static TextTokenizer load(Path tokenizerJson) throws IOException {
        String json = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(tokenizerJson + " is not a usable tokenizer: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Builds a tokenizer from the text of a {@code tokenizer.json}, e.g. from a checkpoint.
     *
     * @throws IllegalArgumentException if ids 0 and 1 are not special tokens
     * @throws IOException if the text is not JSON
     */
    public static TextTokenizer fromJson(String json) throws IOException {
        SpecialIds ids = SpecialIds.read(MAPPER.readTree(json));
        // Built from the same text that json() returns, so the content a checkpoint carries is
        // exactly the content that encoded its data, even if the file is replaced meanwhile.
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options());
        return new TextTokenizer(tokenizer, json, ids);
    }

    /**
     * Returns the token ids of the text, without adding any special token.
     *
     * <p>This asks the native library for the ids alone. {@code HuggingFaceTokenizer.encode}
     * also copies every token's string, offsets and masks into Java, which made encoding the
     * fortunes two to four times slower here (0.25 to 0.3 million tokens a second on one thread
     * against 0.65 to 1.1 million).
     *
     * @throws IllegalStateException if the tokenizer is closed
     */
    public int[] encode(String text) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, false);
        try {
            return narrow(TokenizersLibrary.LIB.getTokenIds(encoding));
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /** Returns the text of the ids, special tokens included as their literal text. */
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    public int endOfDocumentId() {
        return endOfDocumentId;
    }

    public int paddingId() {
        return paddingId;
    }

    /** Returns the number of ids, so every id is below it; the size of a model's embedding. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Returns the {@code tokenizer.json} text, so it can travel with a checkpoint. */
    public String json() {
        return json;
    }

    /** Frees the native tokenizer; calling it again does nothing. */
    @Override
    public void close() {
        tokenizer.close();
    }

    private static int[] narrow(long[] ids) {
        int[] narrow = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            narrow[i] = (int) ids[i];
        }
        return narrow;
    }

    /** The same switches the DJL builder's optAddSpecialTokens, optTruncation, optPadding set. */
    private static Map<String, String> options() {
        return Map.of(
                "addSpecialTokens", "false",
                // DJL otherwise truncates to 512 tokens; documents here can be much longer.
                "truncation", "false",
                "padding", "false");
    }

    /** The ids that matter to users, read from the JSON rather than trusted by convention. */
    private record SpecialIds(int endOfDocument, int padding, int vocabularySize) {

        static SpecialIds read(JsonNode root) {
            JsonNode added = root.path("added_tokens");
            requireSpecial(added, BpeVocabulary.END_OF_DOCUMENT_ID, "end-of-document");
            requireSpecial(added, BpeVocabulary.PADDING_ID, "padding");
            return new SpecialIds(BpeVocabulary.END_OF_DOCUMENT_ID, BpeVocabulary.PADDING_ID,
                    highestId(root) + 1);
        }

        private static void requireSpecial(JsonNode added, int id, String role) {
            for (JsonNode token : added) {
                if (token.path("id").asInt(-1) == id && token.path("special").asBoolean()) {
                    return;
                }
            }
            throw new IllegalArgumentException(
                    "no special " + role + " token with id " + id + " in added_tokens");
        }

        private static int highestId(JsonNode root) {
            int highest = -1;
            Iterator<JsonNode> vocab = root.path("model").path("vocab").elements();
            while (vocab.hasNext()) {
                highest = Math.max(highest, vocab.next().asInt());
            }
            for (JsonNode token : root.path("added_tokens")) {
                highest = Math.max(highest, token.path("id").asInt());
            }
            return highest;
        }
    }
}
