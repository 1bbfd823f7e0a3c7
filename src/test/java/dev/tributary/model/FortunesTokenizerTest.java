package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains the default 4,096-token vocabulary on the real fortunes, when they are installed. */
class FortunesTokenizerTest {

    private static final Logger LOG = LoggerFactory.getLogger(FortunesTokenizerTest.class);

    @TempDir
    static Path directory;

    static List<String> documents;
    static Path file;
    static TextTokenizer tokenizer;

    @BeforeAll
    static void trainOnFortunes() throws IOException {
        assumeTrue(FortunesCorpus.available(), "fortunes are not installed");
        documents = FortunesCorpus.documents();
        file = directory.resolve("tokenizer.json");

        long started = System.nanoTime();
        new BpeTrainer(BpeTrainerConfig.defaults()).trainAndWrite(documents, file);
        LOG.info("Trained 4096 tokens on {} fortunes in {} ms",
                documents.size(), (System.nanoTime() - started) / 1_000_000);
        tokenizer = TextTokenizer.load(file);
    }

    @AfterAll
    static void closeTokenizer() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Test
    void vocabularyHasTheDefaultSize() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(4096);
    }

    @ParameterizedTest
    @ValueSource(strings = {" the", " and", " of", "the", " to", " is", "The"})
    void commonEnglishWordsAreSingleTokens(String word) {
        assertThat(tokenizer.encode(word)).hasSize(1);
    }

    @Test
    void everyFortuneRoundTrips() {
        for (String document : documents) {
            assertThat(tokenizer.decode(tokenizer.encode(document))).isEqualTo(document);
        }
    }

    @Test
    void compressesEnglishToAboutFourBytesPerToken() {
        long bytes = 0;
        long tokens = 0;
        for (String document : documents) {
            bytes += document.getBytes(StandardCharsets.UTF_8).length;
            tokens += tokenizer.encode(document).length;
        }

        assertThat((double) bytes / tokens).isGreaterThan(3.0);
    }

    @Test
    void retrainingGivesTheSameFileBytes() throws IOException {
        Path again = directory.resolve("again.json");

        new BpeTrainer(BpeTrainerConfig.defaults()).trainAndWrite(documents, again);

        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    }

    /** Measures encoding speed for the report; machines differ too much to assert it. */
    @Test
    void encodingSpeedIsReported() {
        documents.forEach(tokenizer::encode);
        long tokens = 0;
        long started = System.nanoTime();
        for (int round = 0; round < 2; round++) {
            for (String document : documents) {
                tokens += tokenizer.encode(document).length;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        LOG.info("Encoded {} tokens in {} s: {} tokens/s on one thread",
                tokens, String.format("%.2f", seconds), Math.round(tokens / seconds));
        assertThat(tokens).isPositive();
    }
}
