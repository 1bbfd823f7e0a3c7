package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.tributary.data.Batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SimClrLearnerTest {

    /** Small enough for a few hundred steps in seconds; the augmentations are the defaults. */
    static final SimClrConfig SMALL = new SimClrConfig(1, 28, 28, 8, List.of(16, 32), 1, 64, 32,
            0.2f, new LearningRateSchedule(3e-3f, 20, 10_000, 1e-4f), 1e-4f, 1.0f,
            AugmentationConfig.defaults(), 7);

    static Batch fashionBatch(int first, int count) {
        return Batch.ofFloats(new int[] {count, 1, 28, 28},
                FashionMnistPixels.images(first, count), count);
    }

    @Test
    void lossFallsOverAFewHundredStepsOnFashionMnist() {
        int steps = 300;
        int batch = 32;
        List<Float> losses = new ArrayList<>();
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            for (int step = 0; step < steps; step++) {
                Batch images = fashionBatch(step * batch, batch);
                StepResult result = learner.step(learner.prepare(images));
                assertThat(result.skipped()).isFalse();
                losses.add(result.loss());
            }
            assertThat(learner.stepCount()).isEqualTo(steps);
        }

        double first = mean(losses.subList(0, 20));
        double last = mean(losses.subList(steps - 20, steps));
        System.out.printf("NT-Xent mean of first 20 steps %.3f, last 20 %.3f%n", first, last);
        // At the start every view is about as similar to its partner as to the 62 negatives,
        // so the loss is near log(63) = 4.14.
        assertThat(first).isGreaterThan(3.5);
        assertThat(last).isLessThan(first - 1.0);
    }

    @Test
    void aBatchWithNanPixelsIsSkippedAndChangesNothing() {
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            learner.step(learner.prepare(fashionBatch(0, 16)));
            List<NamedTensor> before = learner.weights();
            float[] pixels = FashionMnistPixels.images(16, 16);
            Arrays.fill(pixels, 3 * 784, 4 * 784, Float.NaN);

            StepResult result = learner.step(learner.prepare(
                    Batch.ofFloats(new int[] {16, 1, 28, 28}, pixels, 16)));

            assertThat(result.skipped()).isTrue();
            assertThat(result.loss()).isNaN();
            assertThat(learner.stepCount()).isOne();
            // Running statistics included: the forward pass had written NaN into them.
            assertThat(learner.weights()).isEqualTo(before);
            StepResult next = learner.step(learner.prepare(fashionBatch(32, 16)));
            assertThat(next.skipped()).isFalse();
            assertThat(next.loss()).isFinite();
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        NDManager root;
        try (NDManager probe = Engines.pytorch().newBaseManager()) {
            // Every base manager hangs off the engine's system manager, which sees all arrays.
            root = probe.getParentManager();
        }
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            SimClrLearner.Views views = learner.prepare(fashionBatch(0, 16));
            learner.step(views);
            int afterFirstStep = root.getManagedArrays().size();

            for (int step = 0; step < 3; step++) {
                learner.step(views);
            }
            learner.embed(FashionMnistPixels.images(0, 4), 4);
            learner.weights();

            assertThat(root.getManagedArrays()).hasSize(afterFirstStep);
        }
    }

    @Test
    void weightsLoadedIntoAFreshLearnerGiveIdenticalEmbeddings() {
        float[] probe = FashionMnistPixels.images(1000, 8);
        try (SimClrLearner trained = new SimClrLearner(SMALL);
                SimClrLearner fresh = new SimClrLearner(SMALL)) {
            for (int step = 0; step < 3; step++) {
                trained.step(trained.prepare(fashionBatch(step * 16, 16)));
            }
            List<NamedTensor> weights = trained.weights();

            fresh.load(weights, trained.stepCount());

            assertThat(fresh.weights()).isEqualTo(weights);
            assertThat(fresh.stepCount()).isEqualTo(3);
            float[][] expected = trained.embed(probe, 8);
            assertThat(fresh.embed(probe, 8)).isDeepEqualTo(expected);
            try (ImageEmbedder embedder = new ImageEmbedder(trained.description(), weights)) {
                assertThat(embedder.embed(probe, 8)).isDeepEqualTo(expected);
            }
        }
    }

    @Test
    void trainingMovesTheRunningStatisticsThatTheWeightsCarry() {
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            NamedTensor initial = named(learner.weights(), "encoder.stem.bn.running_mean");

            learner.step(learner.prepare(fashionBatch(0, 16)));

            NamedTensor trained = named(learner.weights(), "encoder.stem.bn.running_mean");
            assertThat(initial.values()).containsOnly(0f);
            assertThat(trained.values()).isNotEqualTo(initial.values());
        }
    }

    @Test
    void aLoadedStepCountPlacesTheLearningRateSchedule() {
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            learner.load(learner.weights(), 5_000);

            StepResult result = learner.step(learner.prepare(fashionBatch(0, 16)));

            assertThat(result.learningRate()).isEqualTo(SMALL.schedule().rate(5_000));
            assertThat(learner.stepCount()).isEqualTo(5_001);
        }
    }

    @Test
    void weightsOfAnotherShapeAreRejectedWithTheirName() {
        SimClrConfig wider = new SimClrConfig(1, 28, 28, 8, List.of(16, 48), 1, 64, 32, 0.2f,
                SMALL.schedule(), 1e-4f, 1.0f, AugmentationConfig.defaults(), 7);
        try (SimClrLearner learner = new SimClrLearner(SMALL);
                SimClrLearner other = new SimClrLearner(wider)) {
            List<NamedTensor> before = learner.weights();

            assertThatThrownBy(() -> learner.load(other.weights(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("encoder.stage2.block1.conv1.weight");
            assertThat(learner.weights()).isEqualTo(before);
        }
    }

    @Test
    void aBatchOfTheWrongImageShapeIsRejected() {
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            Batch small = Batch.ofFloats(new int[] {4, 1, 14, 14}, new float[4 * 196], 4);

            assertThatThrownBy(() -> learner.prepare(small))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(N, 1, 28, 28)");
        }
    }

    @Test
    void theDescriptionRebuildsTheConfig() {
        try (SimClrLearner learner = new SimClrLearner(SMALL)) {
            assertThat(SimClrConfig.from(learner.description())).isEqualTo(SMALL);
        }
    }

    private static NamedTensor named(List<NamedTensor> weights, String name) {
        return weights.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }
}
