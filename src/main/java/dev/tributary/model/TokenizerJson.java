package dev.tributary.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * Renders a {@link BpeVocabulary} as a Hugging Face {@code tokenizer.json}.
 *
 * <p>The file describes a byte-level BPE tokenizer in the GPT-2 style: no normalizer, the
 * ByteLevel pre-tokenizer with the GPT-2 regex and no prefix space, a BPE model without an
 * unknown token (every byte has a symbol, so none is needed), the ByteLevel decoder, no
 * post-processor, and no truncation or padding. Merges are written as {@code "a b"} strings,
 * the form every version of the tokenizers library reads. Keys keep a fixed order, so the
 * same vocabulary always gives the same bytes.
 */
final class TokenizerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJson() {
    }

    static String render(BpeVocabulary vocabulary) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", addedTokens(vocabulary));
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel());
        root.putNull("post_processor");
        root.set("decoder", byteLevel());
        root.set("model", model(vocabulary));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode addedTokens(BpeVocabulary vocabulary) {
        ArrayNode added = MAPPER.createArrayNode();
        added.add(specialToken(BpeVocabulary.END_OF_DOCUMENT_ID, vocabulary.endOfDocumentToken()));
        added.add(specialToken(BpeVocabulary.PADDING_ID, vocabulary.paddingToken()));
        return added;
    }

    private static ObjectNode specialToken(int id, String content) {
        ObjectNode token = MAPPER.createObjectNode();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        // Specials are matched on the raw text, before any normalizer could change them.
        token.put("normalized", false);
        token.put("special", true);
        return token;
    }

    private static ObjectNode byteLevel() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", true);
        return node;
    }

    private static ObjectNode model(BpeVocabulary vocabulary) {
        ObjectNode model = MAPPER.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.tokens().get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        vocabulary.merges().forEach(merge -> merges.add(merge.joined()));
        return model;
    }
}
