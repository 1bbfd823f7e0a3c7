package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.data.Batch;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inference on a small model trained on documents that always read 2 3 4 5 6, then end. */
class LanguageModelTest {

    static final int[] DOCUMENT = {2, 3, 4, 5, 6, BpeVocabulary.END_OF_DOCUMENT_ID};
    static final LmConfig CONFIG = LmConfig.defaults().withVocabularySize(24)
            .withShape(16, 2, 32, 4).withSchedule(new LearningRateSchedule(1e-2f, 10, 200, 1e-3f));

    static LanguageModel trained;
    static LanguageModel untrained;

    @BeforeAll
    static void trainOnARepeatingDocument() {
        Random random = new Random(8);
        try (LmLearner learner = new LmLearner(CONFIG)) {
            untrained = new LanguageModel(learner.description(), learner.weights());
            for (int step = 0; step < 80; step++) {
                learner.step(learner.prepare(repeatedDocuments(random, 8, 17)));
            }
            trained = new LanguageModel(learner.description(), learner.weights());
        }
    }

    @AfterAll
    static void closeModels() {
        trained.close();
        untrained.close();
    }

    @Test
    void greedyGenerationFollowsTheLearnedDocumentAndStopsAtItsEnd() {
        assertThat(trained.generate(new int[] {0, 2, 3}, 10, 0f, 0, 1)).containsExactly(4, 5, 6);
    }

    @Test
    void topOneSamplingIsGreedy() {
        int[] prompt = {0, 2};

        assertThat(trained.generate(prompt, 10, 1.5f, 1, 3))
                .containsExactly(trained.generate(prompt, 10, 0f, 0, 3));
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        int[] prompt = {7, 8};

        int[] first = untrained.generate(prompt, 12, 2f, 0, 42);
        int[] again = untrained.generate(prompt, 12, 2f, 0, 42);
        int[] other = untrained.generate(prompt, 12, 2f, 0, 43);

        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void logLikelihoodIsTheSumOfTheNextTokenLogSoftmaxes() {
        int[] prefix = {0, 2, 3};
        int[] continuation = {4, 9, 6};

        double expected = 0;
        int[] context = prefix;
        for (int token : continuation) {
            expected += logSoftmax(trained.nextTokenLogits(context))[token];
            context = append(context, token);
        }

        assertThat(trained.logLikelihood(prefix, continuation)).isCloseTo(expected, within(1e-4));
    }

    @Test
    void theLearnedContinuationIsMoreLikelyThanAnother() {
        int[] prefix = {0, 2, 3};

        assertThat(trained.logLikelihood(prefix, new int[] {4, 5}))
                .isGreaterThan(trained.logLikelihood(prefix, new int[] {5, 4}) + 2);
    }

    @Test
    void aContextLongerThanTheModelKeepsItsLastTokens() {
        int[] longContext = new int[40];
        for (int i = 0; i < longContext.length; i++) {
            longContext[i] = DOCUMENT[i % DOCUMENT.length];
        }
        int[] lastTokens = Arrays.copyOfRange(longContext, 40 - CONFIG.contextLength(), 40);

        assertThat(trained.nextTokenLogits(longContext))
                .containsExactly(trained.nextTokenLogits(lastTokens));
    }

    @Test
    void embeddingIgnoresPaddingAndTheOtherDocumentsOfTheCall() {
        int pad = CONFIG.paddingId();
        int[] document = {2, 3, 4};

        float[] alone = trained.embed(new int[][] {document})[0];
        float[][] together = trained.embed(new int[][] {
            {9, 10, 11, 12, 13, 14, 15}, document, {2, 3, 4, pad, pad}});

        assertThat(alone).hasSize(CONFIG.width());
        assertThat(together[1]).containsExactly(alone, within(1e-5f));
        assertThat(together[2]).containsExactly(alone, within(1e-5f));
        assertThat(together[0]).isNotEqualTo(alone);
    }

    @Test
    void embeddingAnEmptyDocumentIsRefused() {
        assertThatThrownBy(() -> trained.embed(new int[][] {{2, 3}, {}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document 1");
    }

    @Test
    void weightsOfAnotherShapeAreRefusedByName() {
        LmConfig wider = CONFIG.withShape(16, 2, 64, 4);
        try (LmLearner learner = new LmLearner(wider)) {
            List<NamedTensor> weights = learner.weights();

            assertThatThrownBy(() -> new LanguageModel(CONFIG.description(), weights))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wte.weight");
        }
    }

    /** Rows cut from an endless repetition of {@link #DOCUMENT}, each at a random offset. */
    static Batch repeatedDocuments(Random random, int rows, int columns) {
        int[] ids = new int[rows * columns];
        for (int row = 0; row < rows; row++) {
            int offset = random.nextInt(DOCUMENT.length);
            for (int column = 0; column < columns; column++) {
                ids[row * columns + column] = DOCUMENT[(offset + column) % DOCUMENT.length];
            }
        }
        return Batch.ofInts(new int[] {rows, columns}, ids, rows);
    }

    private static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double log = max + Math.log(sum);
        double[] result = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            result[i] = logits[i] - log;
        }
        return result;
    }

    private static int[] append(int[] tokens, int token) {
        int[] longer = Arrays.copyOf(tokens, tokens.length + 1);
        longer[tokens.length] = token;
        return longer;
    }
}
