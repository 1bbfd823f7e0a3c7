package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.data.Batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LmLearnerTest {

    static final LmConfig SMALL = LmConfig.defaults().withVocabularySize(80).withShape(16, 2, 32, 4)
            .withSchedule(new LearningRateSchedule(3e-3f, 5, 100, 1e-4f));
    static final int PAD = BpeVocabulary.PADDING_ID;

    @Test
    void prepareShiftsTargetsByOneAndMasksPaddingTargets() {
        try (LmLearner learner = new LmLearner(SMALL)) {
            Batch batch = Batch.ofInts(new int[] {2, 5},
                    new int[] {7, 8, 9, 0, 10, 11, 12, 0, PAD, PAD}, 2);

            LmLearner.Tokens tokens = learner.prepare(batch);

            assertThat(tokens.rows()).isEqualTo(2);
            assertThat(tokens.columns()).isEqualTo(4);
            assertThat(tokens.inputs()).containsExactly(7, 8, 9, 0, 11, 12, 0, PAD);
            assertThat(tokens.targets()).containsExactly(8, 9, 0, 10, 12, 0, PAD, PAD);
            assertThat(tokens.mask()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0);
            assertThat(tokens.predicted()).isEqualTo(6);
        }
    }

    @Test
    void prepareRejectsIdsOutsideTheVocabularyAndRowsLongerThanTheContext() {
        try (LmLearner learner = new LmLearner(SMALL)) {
            Batch badId = Batch.ofInts(new int[] {1, 3}, new int[] {2, 80, 3}, 1);
            Batch tooLong = Batch.ofInts(new int[] {1, 18}, new int[18], 1);

            assertThatThrownBy(() -> learner.prepare(badId))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("80");
            assertThatThrownBy(() -> learner.prepare(tooLong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("18");
        }
    }

    @Test
    void stepReportsPredictedTokensAndTheScheduledRate() {
        try (LmLearner learner = new LmLearner(SMALL)) {
            int[] ids = randomIds(new Random(1), 4 * 17);
            Arrays.fill(ids, 17 + 10, 2 * 17, PAD); // row 1 is padding after its 10th token

            StepResult result = learner.step(learner.prepare(Batch.ofInts(new int[] {4, 17}, ids,
                    4)));

            assertThat(result.skipped()).isFalse();
            assertThat(result.samples()).isEqualTo(4);
            assertThat(result.tokens()).isEqualTo(4 * 16 - 7);
            assertThat(result.learningRate()).isEqualTo(SMALL.schedule().rate(0));
            assertThat(result.loss()).isCloseTo((float) Math.log(80), within(0.3f));
            assertThat(learner.stepCount()).isOne();
        }
    }

    @Test
    void paddingAfterTheLastTokenGivesTheSameLossAsTheTrimmedBatch() {
        int rows = 3;
        int kept = 9;
        int full = 17;
        int[] trimmed = randomIds(new Random(2), rows * kept);
        int[] padded = new int[rows * full];
        Arrays.fill(padded, PAD);
        for (int row = 0; row < rows; row++) {
            System.arraycopy(trimmed, row * kept, padded, row * full, kept);
        }

        StepResult trimmedStep = firstStep(Batch.ofInts(new int[] {rows, kept}, trimmed, rows));
        StepResult paddedStep = firstStep(Batch.ofInts(new int[] {rows, full}, padded, rows));

        assertThat(paddedStep.tokens()).isEqualTo(trimmedStep.tokens())
                .isEqualTo(rows * (kept - 1));
        assertThat(paddedStep.loss()).isCloseTo(trimmedStep.loss(), within(1e-5f));
        assertThat(paddedStep.gradientNorm()).isCloseTo(trimmedStep.gradientNorm(), within(1e-5f));
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY})
    void aNonFiniteWeightSkipsTheStepAndChangesNothing(float poison) {
        try (LmLearner learner = new LmLearner(SMALL)) {
            List<NamedTensor> weights = new ArrayList<>(learner.weights());
            NamedTensor embedding = weights.get(0);
            float[] values = embedding.values().clone();
            values[5 * SMALL.width()] = poison; // token 5's first feature
            weights.set(0, new NamedTensor(embedding.name(), embedding.shape(), values));
            learner.load(weights, 3);
            int[] ids = randomIds(new Random(3), 2 * 17);
            ids[4] = 5;

            StepResult result = learner.step(learner.prepare(Batch.ofInts(new int[] {2, 17}, ids,
                    2)));

            assertThat(result.skipped()).isTrue();
            assertThat(Float.isFinite(result.loss()) && Float.isFinite(result.gradientNorm()))
                    .isFalse();
            assertThat(learner.stepCount()).isEqualTo(3);
            assertThat(learner.weights()).isEqualTo(weights);
        }
    }

    @Test
    void aSkippedStepLeavesNoGradientBehindForTheNextStep() {
        int[] ids = randomIds(new Random(4), 2 * 17);
        try (LmLearner poisoned = new LmLearner(SMALL); LmLearner clean = new LmLearner(SMALL)) {
            List<NamedTensor> healthy = poisoned.weights();
            List<NamedTensor> weights = new ArrayList<>(healthy);
            float[] values = weights.get(0).values().clone();
            Arrays.fill(values, Float.NaN);
            weights.set(0, new NamedTensor("wte.weight", weights.get(0).shape(), values));
            LmLearner.Tokens tokens = poisoned.prepare(Batch.ofInts(new int[] {2, 17}, ids, 2));
            poisoned.load(weights, 0);
            poisoned.step(tokens);
            poisoned.load(healthy, 0);

            StepResult afterSkip = poisoned.step(tokens);
            StepResult fresh = clean.step(tokens);

            assertThat(afterSkip.gradientNorm()).isEqualTo(fresh.gradientNorm());
            assertThat(poisoned.weights()).isEqualTo(clean.weights());
        }
    }

    @Test
    void loadedWeightsGiveIdenticalResultsInAFreshLearner() {
        Random random = new Random(5);
        try (LmLearner trained = new LmLearner(SMALL);
                LmLearner fresh = new LmLearner(SMALL.withSeed(99))) {
            for (int step = 0; step < 5; step++) {
                trained.step(trained.prepare(Batch.ofInts(new int[] {4, 17},
                        randomIds(random, 4 * 17), 4)));
            }
            LmLearner.Tokens probe = trained.prepare(Batch.ofInts(new int[] {4, 17},
                    randomIds(random, 4 * 17), 4));

            fresh.load(trained.weights(), trained.stepCount());

            assertThat(fresh.weights()).isEqualTo(trained.weights());
            assertThat(fresh.evaluate(probe)).isEqualTo(trained.evaluate(probe));
            assertThat(fresh.stepCount()).isEqualTo(5);
            try (LanguageModel a = new LanguageModel(trained.description(), trained.weights());
                    LanguageModel b = new LanguageModel(fresh.description(), fresh.weights())) {
                int[] context = {3, 4, 5, 6};
                assertThat(b.nextTokenLogits(context)).isEqualTo(a.nextTokenLogits(context));
            }
        }
    }

    @Test
    void loadNamesAParameterWhoseShapeDoesNotFit() {
        try (LmLearner learner = new LmLearner(SMALL);
                LmLearner wider = new LmLearner(SMALL.withShape(16, 2, 48, 4))) {
            assertThatThrownBy(() -> learner.load(wider.weights(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wte.weight");
        }
    }

    private static StepResult firstStep(Batch batch) {
        try (LmLearner learner = new LmLearner(SMALL)) {
            return learner.step(learner.prepare(batch));
        }
    }

    /** Ids from 2 up, so neither padding nor end of document, unless set on purpose. */
    static int[] randomIds(Random random, int count) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = 2 + random.nextInt(SMALL.vocabularySize() - 2);
        }
        return ids;
    }
}
