package dev.tributary.model;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces that BPE merges never cross, the way the GPT-2 regex of Hugging
 * Face's ByteLevel pre-tokenizer does with {@code use_regex=true} and
 * {@code add_prefix_space=false}: English contractions, letter runs, digit runs and other
 * symbol runs, each with at most one leading space, and whitespace runs.
 *
 * <p>A whitespace run before a word gives up its last character: a space joins the word, so
 * {@code "a  b"} splits into {@code "a"}, {@code " "}, {@code " b"}, while any other
 * whitespace stands alone, so {@code "b\n\nc"} gives {@code "b"}, {@code "\n"}, {@code "\n"},
 * {@code "c"}. Whitespace means Unicode whitespace, as in the Rust regex engine, not only
 * ASCII. A test checks the splits against the Hugging Face library itself.
 */
final class ByteLevelPreTokenizer {

    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private ByteLevelPreTokenizer() {
    }

    /** Passes every piece of the text, in order, to the consumer. */
    static void split(String text, Consumer<String> pieces) {
        Matcher matcher = PIECES.matcher(text);
        while (matcher.find()) {
            pieces.accept(matcher.group());
        }
    }
}
