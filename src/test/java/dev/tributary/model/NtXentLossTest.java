package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

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
    void orthogonalPairsGiveTheHandComputedLoss() {
        // Two images, two views each; each view equals its partner and is orthogonal to the
        // other image's views. Every row then sees logits {0, 1/T, 0} over the other three rows,
        // the partner being 1/T, so the loss is -log(e^(1/T) / (e^(1/T) + 2)) = log(1 + 2e^(-1/T)).
        float[] z = {
            1, 0,
            0, 1,
            1, 0,
            0, 1};
        float temperature = 0.5f;

        float loss = loss(z, 4, 2, temperature);

        assertThat((double) loss).isCloseTo(Math.log(1 + 2 * Math.exp(-2)), within(1e-6));
    }

    @Test
    void projectionsAreNormalisedSoTheirLengthDoesNotMatter() {
        float[] z = {3, 4, 1, -2, 6, 8, 2, -5};
        float[] longer = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            longer[i] = 10 * z[i];
        }

        assertThat(loss(longer, 4, 2, 0.2f)).isCloseTo(loss(z, 4, 2, 0.2f), within(1e-5f));
    }

    @Test
    void matchesAPlainReferenceOnRandomProjections() {
        int rows = 8;
        int size = 5;
        float[] z = new float[rows * size];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }

        assertThat((double) loss(z, rows, size, 0.2f))
                .isCloseTo(reference(z, rows, size, 0.2), within(1e-4));
    }

    @Test
    void gradientIsTheSameWhenACollectionFreesUnreachableBuffersBeforeBackward() {
        float[] undisturbed = gradient(false);
        float[] collected = gradient(true);

        assertThat(collected).containsExactly(undisturbed, within(1e-6f));
    }

    /** The loss's gradient with respect to fixed random projections (8, 5), T = 0.2. */
    private static float[] gradient(boolean collectBeforeBackward) {
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[8 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray projections = step.create(values, new Shape(8, 5));
            projections.setRequiresGradient(true);
            try (GradientCollector collector = GradientCollectors.open(step.getEngine())) {
                NDArray loss = new NtXentLoss(0.2f).compute(projections);
                if (collectBeforeBackward) {
                    UnreachableBuffers.free();
                }
                collector.backward(loss);
            }
            return projections.getGradient().toFloatArray();
        }
    }

    @Test
    void matchingPartnersCostLessThanSwappedOnes() {
        float[] matched = {1, 0, 0, 1, 1, 0, 0, 1};
        float[] swapped = {1, 0, 0, 1, 0, 1, 1, 0};

        assertThat(loss(matched, 4, 2, 0.2f)).isLessThan(loss(swapped, 4, 2, 0.2f) - 1);
    }

    @Test
    void anOddNumberOfRowsIsRejected() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray odd = scope.ones(new Shape(3, 2));
            assertThatThrownBy(() -> new NtXentLoss(0.2f).compute(odd))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2N, P)");
        }
    }

    private static float loss(float[] z, int rows, int size, float temperature) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray projections = scope.create(z, new Shape(rows, size));
            return new NtXentLoss(temperature).compute(projections).getFloat();
        }
    }

    /** NT-Xent written out with loops in double precision. */
    private static double reference(float[] z, int rows, int size, double temperature) {
        double[][] unit = new double[rows][size];
        for (int i = 0; i < rows; i++) {
            double norm = 0;
            for (int k = 0; k < size; k++) {
                norm += (double) z[i * size + k] * z[i * size + k];
            }
            for (int k = 0; k < size; k++) {
                unit[i][k] = z[i * size + k] / Math.sqrt(norm);
            }
        }
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int partner = (i + rows / 2) % rows;
            double denominator = 0;
            double positive = 0;
            for (int j = 0; j < rows; j++) {
                if (j == i) {
                    continue;
                }
                double logit = 0;
                for (int k = 0; k < size; k++) {
                    logit += unit[i][k] * unit[j][k];
                }
                logit /= temperature;
                denominator += Math.exp(logit);
                if (j == partner) {
                    positive = logit;
                }
            }
            total += Math.log(denominator) - positive;
        }
        return total / rows;
    }
}
