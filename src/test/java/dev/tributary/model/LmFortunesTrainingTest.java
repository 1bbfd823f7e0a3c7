package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.data.Batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains a small model on the real Debian fortunes, when they are installed. */
class LmFortunesTrainingTest {

    private static final Logger LOG = LoggerFactory.getLogger(LmFortunesTrainingTest.class);

    static final int VOCABULARY = 512;
    static final int ROWS = 16;
    static final int COLUMNS = 33;
    static final int STEPS = 200;

    @TempDir
    Path directory;

    @Test
    void lossFallsWellBelowTheUniformGuessOnRealFortunes() throws IOException {
        assumeTrue(FortunesCorpus.available(), "fortunes are not installed");
        int[] stream = tokenizedFortunes();
        LmConfig config = LmConfig.defaults().withVocabularySize(VOCABULARY)
                .withShape(COLUMNS - 1, 2, 64, 4)
                .withSchedule(new LearningRateSchedule(3e-3f, 30, 500, 1e-4f));

        List<Float> losses = new ArrayList<>();
        long started = System.nanoTime();
        try (LmLearner learner = new LmLearner(config)) {
            Random random = new Random(11);
            for (int step = 0; step < STEPS; step++) {
                StepResult result = learner.step(learner.prepare(randomBatch(stream, random)));
                assertThat(result.skipped()).as("step %d", step).isFalse();
                losses.add(result.loss());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        double first = mean(losses.subList(0, 20));
        double last = mean(losses.subList(STEPS - 20, STEPS));
        LOG.info("{} steps of {}x{} tokens in {} s: loss {} -> {} (first 20 {}, last 20 {})",
                STEPS, ROWS, COLUMNS, String.format("%.1f", seconds), losses.get(0),
                losses.get(STEPS - 1), String.format("%.3f", first), String.format("%.3f", last));
        assertThat((double) losses.get(0)).isCloseTo(Math.log(VOCABULARY), within(0.15));
        assertThat(last).isLessThan(first - 1.0);
    }

    /** Every fortune's tokens followed by the end-of-document id, in a shuffled order. */
    private int[] tokenizedFortunes() throws IOException {
        List<String> documents = new ArrayList<>(FortunesCorpus.documents());
        Path file = directory.resolve("tokenizer.json");
        new BpeTrainer(BpeTrainerConfig.withVocabSize(VOCABULARY)).trainAndWrite(documents, file);
        Collections.shuffle(documents, new Random(5));
        try (TextTokenizer tokenizer = TextTokenizer.load(file)) {
            assertThat(tokenizer.vocabularySize()).isEqualTo(VOCABULARY);
            List<int[]> encoded = new ArrayList<>();
            int total = 0;
            for (String document : documents) {
                int[] ids = tokenizer.encode(document);
                encoded.add(ids);
                total += ids.length + 1;
            }
            int[] stream = new int[total];
            int at = 0;
            for (int[] ids : encoded) {
                System.arraycopy(ids, 0, stream, at, ids.length);
                at += ids.length;
                stream[at++] = tokenizer.endOfDocumentId();
            }
            return stream;
        }
    }

    /** Rows cut from random places of the packed stream, as ingest packs documents. */
    private static Batch randomBatch(int[] stream, Random random) {
        int[] ids = new int[ROWS * COLUMNS];
        for (int row = 0; row < ROWS; row++) {
            int start = random.nextInt(stream.length - COLUMNS);
            System.arraycopy(stream, start, ids, row * COLUMNS, COLUMNS);
        }
        return Batch.ofInts(new int[] {ROWS, COLUMNS}, ids, ROWS);
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }
}
