package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTokenizerTest {

    @TempDir
    static Path directory;

    static Path file;
    static TextTokenizer tokenizer;

    @BeforeAll
    static void trainSmallTokenizer() throws IOException {
        file = directory.resolve("tokenizer.json");
        new BpeTrainer(BpeTrainerConfig.withVocabSize(320))
                .trainAndWrite(BpeTrainerTest.CORPUS, file);
        tokenizer = TextTokenizer.load(file);
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "The quick brown fox jumps over the lazy dog.",
        "Naïve café, crème brûlée, Müller, señor, ÅÆØ",
        "東京は日本の首都です。 中文 한국어",
        "thumbs 👍🏽 family 👨‍👩‍👧 flags 🇫🇷🇯🇵 rainbow 🏳️‍🌈",
        "   leading, inner     and trailing spaces   ",
        "lines\nand\r\nwindows\n\n\nand\ttabs\t\t",
        "",
        " ",
        "x",
        "mixed \u00a0non-breaking\u2003em space and \u200b zero width",
        "control \u0000 \u0007 \u007f bytes and a lone surrogate-free ☃"
    })
    void decodeOfEncodeGivesBackTheText(String text) {
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void accentsRoundTripInBothNormalForms() {
        String composed = Normalizer.normalize("é ü ñ", Normalizer.Form.NFC);
        String decomposed = Normalizer.normalize("é ü ñ", Normalizer.Form.NFD);

        assertThat(tokenizer.decode(tokenizer.encode(composed))).isEqualTo(composed);
        assertThat(tokenizer.decode(tokenizer.encode(decomposed))).isEqualTo(decomposed);
    }

    @Test
    void specialTokensHaveIdsZeroAndOne() {
        assertThat(tokenizer.endOfDocumentId()).isZero();
        assertThat(tokenizer.paddingId()).isOne();
        assertThat(tokenizer.decode(new int[] {0, 1})).isEqualTo("<|endoftext|><|pad|>");
    }

    @Test
    void encodingAddsNoSpecialTokens() {
        assertThat(tokenizer.encode("the end")).doesNotContain(0, 1);
    }

    @Test
    void literalEndOfDocumentInTextBecomesTheSpecialTokenAndStillRoundTrips() {
        String text = "first document<|endoftext|>second";

        int[] ids = tokenizer.encode(text);

        assertThat(ids).containsOnlyOnce(tokenizer.endOfDocumentId());
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void vocabularySizeCountsEveryId() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(320);
    }

    @Test
    void longTextIsNotTruncated() {
        String text = "the quick brown fox ".repeat(2000);

        int[] ids = tokenizer.encode(text);

        assertThat(ids.length).isGreaterThan(512);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void jsonIsTheFileContent() throws IOException {
        assertThat(tokenizer.json()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void copyFromJsonEncodesTheSame() throws IOException {
        String text = "Naïve foxes 👍🏽 jump";

        try (TextTokenizer copy = TextTokenizer.fromJson(tokenizer.json())) {
            assertThat(copy.encode(text)).isEqualTo(tokenizer.encode(text));
        }
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        TextTokenizer copy = TextTokenizer.fromJson(tokenizer.json());

        copy.close();
        copy.close();
    }

    @Test
    void encodingAfterCloseFailsCleanly() throws IOException {
        TextTokenizer copy = TextTokenizer.fromJson(tokenizer.json());
        copy.close();

        assertThatThrownBy(() -> copy.encode("text")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fileWithoutOurSpecialTokensIsRejectedWithItsName() throws IOException {
        Path other = directory.resolve("other.json");
        String withoutSpecials = tokenizer.json()
                .replace("\"special\" : true", "\"special\" : false");
        Files.writeString(other, withoutSpecials);

        assertThatThrownBy(() -> TextTokenizer.load(other))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining("end-of-document");
    }
}
