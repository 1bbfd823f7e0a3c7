package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimClrNetworkTest {

    static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @Test
    void parametersHaveStableDottedNamesInPyTorchStyle() {
        try (NDManager scope = manager.newSubManager()) {
            SimClrNetwork network = SimClrNetwork.create(SimClrLearnerTest.SMALL, scope);

            assertThat(network.parameters().keySet()).startsWith(
                    "encoder.stem.conv.weight",
                    "encoder.stem.bn.weight",
                    "encoder.stem.bn.bias",
                    "encoder.stem.bn.running_mean",
                    "encoder.stem.bn.running_var",
                    "encoder.stage1.block1.conv1.weight");
            assertThat(network.parameters().keySet()).contains(
                    "encoder.stage2.block1.shortcut.conv.weight",
                    "encoder.stage2.block1.shortcut.bn.running_var",
                    "head.fc1.weight",
                    "head.fc2.bias");
            // Stem 5, then per stage: conv1 + bn1 (5), conv2 + bn2 (5), shortcut (5); head 4.
            assertThat(network.parameters()).hasSize(5 + 2 * 15 + 4);
        }
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        try (NDManager scope = manager.newSubManager()) {
            List<NamedTensor> first = SimClrNetwork.create(SimClrLearnerTest.SMALL, scope)
                    .weights();
            List<NamedTensor> second = SimClrNetwork.create(SimClrLearnerTest.SMALL, scope)
                    .weights();

            assertThat(second).isEqualTo(first);
            assertThat(first.get(0).values()).doesNotContain(0f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 7})
    void aPointwiseShortcutIsTheStridedConvolutionThroughBatchNorm(int size) {
        try (NDManager scope = manager.newSubManager()) {
            ConvBatchNorm shortcut = new ConvBatchNorm(6, 1, 2);
            shortcut.setInitializer(new HeInitializer(3), Parameter.Type.WEIGHT);
            shortcut.initialize(scope, DataType.FLOAT32, new Shape(1, 4, size, size));
            NDArray x = scope.randomNormal(new Shape(3, 4, size, size));
            NDArray weight = shortcut.getParameters().get("01conv_weight").getArray();

            NDArray actual = shortcut.forward(new ParameterStore(scope, false), new NDList(x),
                    false).singletonOrThrow();

            // Fresh batch norm in inference: running mean 0, variance 1, scale 1, shift 0.
            NDArray expected = Conv2d.conv2d(x, weight, null, new Shape(2, 2), new Shape(0, 0),
                    new Shape(1, 1)).singletonOrThrow().div(Math.sqrt(1 + 1e-5));
            long half = (size + 1) / 2;
            assertThat(actual.getShape()).isEqualTo(new Shape(3, 6, half, half));
            assertThat(shortcut.getOutputShapes(new Shape[] {x.getShape()})[0])
                    .isEqualTo(actual.getShape());
            assertClose(actual.toFloatArray(), expected.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void normalizingInTrainingMatchesDjlsBatchNormIncludingRunningStatistics() {
        try (NDManager scope = manager.newSubManager()) {
            BatchNorm ours = ConvBatchNorm.batchNorm();
            BatchNorm djls = ConvBatchNorm.batchNorm();
            Shape shape = new Shape(8, 5, 6, 6);
            ours.initialize(scope, DataType.FLOAT32, shape);
            djls.initialize(scope, DataType.FLOAT32, shape);
            NDArray x = scope.randomNormal(2f, 3f, shape, DataType.FLOAT32);
            ParameterStore store = new ParameterStore(scope, false);

            NDArray actual = ConvBatchNorm.normalize(ours, store, x, true);
            NDArray expected = djls.forward(store, new NDList(x), true).singletonOrThrow();

            assertClose(actual.toFloatArray(), expected.toFloatArray(), 1e-5f);
            for (String statistic : List.of("runningMean", "runningVar")) {
                float[] updated = ours.getParameters().get(statistic).getArray().toFloatArray();
                assertClose(updated, djls.getParameters().get(statistic).getArray()
                        .toFloatArray(), 1e-5f);
                assertThat(updated[0]).isNotEqualTo(statistic.equals("runningMean") ? 0f : 1f);
            }
        }
    }

    @Test
    void channelsLastKeepsTheShapeAndEveryValue() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = scope.randomUniform(0, 1, new Shape(2, 3, 5, 4));

            NDArray laidOut = ResidualEncoder.channelsLast(images);

            assertThat(laidOut.getShape()).isEqualTo(images.getShape());
            assertThat(laidOut.toFloatArray()).containsExactly(images.toFloatArray());
        }
    }

    @Test
    void theEncoderHalvesTheResolutionPerStageAndPoolsToTheLastWidth() {
        try (NDManager scope = manager.newSubManager()) {
            SimClrNetwork network = SimClrNetwork.create(SimClrConfig.defaults(), scope);
            NDArray images = scope.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            ParameterStore store = new ParameterStore(scope, false);

            NDArray representations = network.represent(store, images, false);
            NDArray projections = network.project(store, representations, false);

            assertThat(representations.getShape()).isEqualTo(new Shape(2, 128));
            assertThat(projections.getShape()).isEqualTo(new Shape(2, 64));
        }
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(tolerance));
        }
    }
}
