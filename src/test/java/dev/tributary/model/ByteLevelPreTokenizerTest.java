package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteLevelPreTokenizerTest {

    static HuggingFaceTokenizer huggingFace;

    @BeforeAll
    static void loadReference() throws IOException {
        String json = new BpeTrainer(BpeTrainerConfig.withVocabSize(300))
                .train(BpeTrainerTest.CORPUS).toTokenizerJson();
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            huggingFace = HuggingFaceTokenizer.newInstance(in,
                    Map.of("addSpecialTokens", "false", "truncation", "false"));
        }
    }

    @AfterAll
    static void closeReference() {
        huggingFace.close();
    }

    @Test
    void wordsKeepOneLeadingSpaceAndWhitespaceRunsGiveUpTheirLast() {
        assertThat(split("a  b\n\nc")).containsExactly("a", " ", " b", "\n", "\n", "c");
    }

    @Test
    void contractionsSplitOff() {
        assertThat(split("don't we'll")).containsExactly("don", "'t", " we", "'ll");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Plain English, with punctuation!!! And numbers: 12345 and 3.14.",
        "x's y'LL z'RE -- (quoted) \"text\"",
        "non-breaking\u00a0 and\u2003\u2003em spaces \u3000 ideographic",
        "½ ٣ ⅷ digits, é\u0301 combining, 東京 CJK",
        "👍🏽 👨‍👩‍👧 🇫🇷🇯🇵 emoji",
        "  \t\ttabs\r\n  and trailing   "
    })
    void splitsLikeTheHuggingFaceByteLevelPreTokenizer(String text) {
        assertThat(split(text)).isEqualTo(huggingFaceWords(text));
    }

    private static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        ByteLevelPreTokenizer.split(text, pieces::add);
        return pieces;
    }

    /** Groups the reference tokens by the pre-tokenized word they came from. */
    private static List<String> huggingFaceWords(String text) {
        Encoding encoding = huggingFace.encode(text, false, false);
        long[] wordIds = encoding.getWordIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < wordIds.length; i++) {
            if (i + 1 == wordIds.length || wordIds[i + 1] != wordIds[i]) {
                words.add(codePoints(text, spans[start].getStart(), spans[i].getEnd()));
                start = i + 1;
            }
        }
        return words;
    }

    /** The spans count Unicode characters, not Java's UTF-16 units. */
    private static String codePoints(String text, int from, int to) {
        return text.substring(text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to));
    }
}
