package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The language model's gradients must not depend on when the JVM collects garbage: autograd
 * reads tensors saved in the forward pass, and a tensor over a direct buffer that Java has
 * freed reads back garbage.
 */
class NextTokenGradientsTest {

    static final LmConfig SMALL =
            LmConfig.defaults().withVocabularySize(96).withShape(24, 2, 32, 4);
    static final int ROWS = 3;

    @Test
    void gradientsAreTheSameWhenACollectionFreesUnreachableBuffersBeforeBackward() {
        Map<String, float[]> undisturbed = gradients(false);
        Map<String, float[]> collected = gradients(true);

        Map<String, Float> largestDifference = new LinkedHashMap<>();
        undisturbed.forEach((name, expected) -> largestDifference.put(name,
                largestDifference(expected, collected.get(name))));
        assertThat(largestDifference).allSatisfy((name, difference) ->
                assertThat(difference).as(name).isLessThanOrEqualTo(1e-6f));
    }

    @Test
    void aScalarOperandKeepsItsValueForBackwardAfterACollection() {
        Engine engine = Engines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 3f, 0.5f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = GradientCollectors.open(engine)) {
                NDArray scaled = x.mul(Scalars.of(x, 0.125f));
                NDArray sum = scaled.sum();
                UnreachableBuffers.free();
                collector.backward(sum);
            }

            assertThat(x.getGradient().toFloatArray()).containsOnly(0.125f);
        }
    }

    /** The largest absolute difference of two arrays; NaN when either holds a NaN. */
    private static float largestDifference(float[] expected, float[] actual) {
        float largest = 0f;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i] - actual[i]));
        }
        return largest;
    }

    /** The gradient of every parameter after one forward and backward pass on fixed tokens. */
    private static Map<String, float[]> gradients(boolean collectBeforeBackward) {
        Engine engine = Engines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            TransformerLm network = TransformerLm.create(SMALL, manager);
            Map<String, Parameter> parameters = BlockParameters.named(network);
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = GradientCollectors.open(engine)) {
                NDArray loss = loss(network, new ParameterStore(step, false), step);
                if (collectBeforeBackward) {
                    UnreachableBuffers.free();
                }
                collector.backward(loss);
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            parameters.forEach((name, parameter) ->
                    gradients.put(name, parameter.getArray().getGradient().toFloatArray()));
            return gradients;
        }
    }

    private static NDArray loss(TransformerLm network, ParameterStore store, NDManager step) {
        int length = SMALL.contextLength();
        Random random = new Random(11);
        long[] inputs = new long[ROWS * length];
        long[] targets = new long[ROWS * length];
        float[] mask = new float[ROWS * length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextInt(SMALL.vocabularySize());
            targets[i] = random.nextInt(SMALL.vocabularySize());
            mask[i] = i % 5 == 4 ? 0f : 1f;
        }
        long predicted = inputs.length - inputs.length / 5;
        Shape shape = new Shape(ROWS, length);
        NDArray logits = network.forward(store, new NDList(step.create(inputs, shape)), true)
                .head(); // (B, T, V)
        return NextTokenLoss.mean(logits, step.create(targets, shape), step.create(mask, shape),
                predicted);
    }
}
