package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

    static final List<String> CORPUS = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "The lazy dog sleeps; the quick fox doesn't.",
            "A fox, a dog, and the other fox ran over the hill and back again.",
            "Naïve café owners serve crème brûlée to the quick brown foxes.",
            "1234 5678 12 34 56 78 the end\n\tthe end\n",
            "東京は日本の首都です。東京は大きい。",
            "Emoji: 👍🏽 👨‍👩‍👧 🇫🇷 🇯🇵 👍🏽 🇫🇷");

    @TempDir
    Path directory;

    @Test
    void vocabularyReachesExactlyTheConfiguredSize() {
        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainerConfig.withVocabSize(300))
                .train(CORPUS);

        assertThat(vocabulary.size()).isEqualTo(300);
    }

    @Test
    void vocabularyStopsSmallerWhenNoPairIsFrequentEnough() {
        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainerConfig.withVocabSize(100_000))
                .train(CORPUS);

        assertThat(vocabulary.size()).isGreaterThan(BpeTrainerConfig.MIN_VOCAB_SIZE)
                .isLessThan(100_000);
    }

    @Test
    void specialsComeFirstThenAllByteSymbols() {
        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainerConfig.withVocabSize(280))
                .train(CORPUS);

        assertThat(vocabulary.tokens().subList(0, 2)).containsExactly("<|endoftext|>", "<|pad|>");
        assertThat(vocabulary.tokens().subList(2, 258)).doesNotHaveDuplicates()
                .allSatisfy(symbol -> assertThat(symbol).hasSize(1));
        assertThat(vocabulary.tokens().get(2 + ' ')).isEqualTo("Ġ");
        assertThat(vocabulary.tokens().get(2 + '\n')).isEqualTo("Ċ");
    }

    @Test
    void mostFrequentPairIsMergedFirst() {
        List<String> corpus = List.of("ab ab ab ab cd cd", "ab xy");

        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainerConfig.withVocabSize(259))
                .train(corpus);

        assertThat(vocabulary.merges()).containsExactly(new BpeMerge("a", "b"));
    }

    @Test
    void tiesGoToThePairWithTheSmallerByteValues() {
        BpeTrainerConfig config = new BpeTrainerConfig(259, 1, "<|endoftext|>", "<|pad|>");

        BpeVocabulary vocabulary = new BpeTrainer(config).train(List.of("ab cd"));

        // Each pair occurs once; the space (byte 32, written Ġ) sorts before every letter.
        assertThat(vocabulary.merges()).containsExactly(new BpeMerge("Ġ", "c"));
    }

    @Test
    void pairsBelowTheMinimumFrequencyAreNotMerged() {
        BpeTrainerConfig config = new BpeTrainerConfig(1000, 3, "<|endoftext|>", "<|pad|>");

        BpeVocabulary vocabulary = new BpeTrainer(config).train(List.of("xy xy qz"));

        assertThat(vocabulary.merges()).isEmpty();
        assertThat(vocabulary.size()).isEqualTo(BpeTrainerConfig.MIN_VOCAB_SIZE);
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        BpeTrainer trainer = new BpeTrainer(BpeTrainerConfig.withVocabSize(320));
        Path first = directory.resolve("first.json");
        Path second = directory.resolve("second.json");

        trainer.trainAndWrite(CORPUS, first);
        trainer.train(CORPUS.stream()).writeTo(second);

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void writtenFileLoadsInHuggingFaceTokenizer() throws IOException {
        Path file = directory.resolve("tokenizer.json");
        new BpeTrainer(BpeTrainerConfig.withVocabSize(300)).trainAndWrite(CORPUS, file);

        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file)) {
            long[] ids = tokenizer.encode("the quick fox", false, false).getIds();

            assertThat(ids).isNotEmpty();
            assertThat(Arrays.stream(ids).max().getAsLong()).isLessThan(300);
            assertThat(tokenizer.decode(ids, false)).isEqualTo("the quick fox");
        }
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = directory.resolve("tokenizer.json");
        Files.writeString(file, "old content");

        new BpeTrainer(BpeTrainerConfig.withVocabSize(270)).trainAndWrite(CORPUS, file);

        assertThat(Files.readString(file)).contains("\"type\" : \"BPE\"");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void configRejectsVocabularyTooSmallForTheByteSymbols() {
        assertThatThrownBy(() -> BpeTrainerConfig.withVocabSize(257))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("258");
    }
}
