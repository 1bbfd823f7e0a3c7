package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageEmbedderTest {

    static List<NamedTensor> weights;
    static ModelDescription description;

    @BeforeAll
    static void trainBriefly() {
        try (SimClrLearner learner = new SimClrLearner(SimClrLearnerTest.SMALL)) {
            for (int step = 0; step < 2; step++) {
                learner.step(learner.prepare(SimClrLearnerTest.fashionBatch(step * 16, 16)));
            }
            weights = learner.weights();
            description = learner.description();
        }
    }

    @AfterAll
    static void forget() {
        weights = null;
    }

    @Test
    void givesOneVectorOfTheRepresentationSizePerImage() {
        try (ImageEmbedder embedder = new ImageEmbedder(description, weights)) {
            float[][] vectors = embedder.embed(FashionMnistPixels.images(0, 5), 5);

            assertThat(embedder.dimension()).isEqualTo(32);
            assertThat(vectors).hasDimensions(5, 32);
            assertThat(vectors[0]).isNotEqualTo(vectors[1]);
        }
    }

    @Test
    void anImageGetsTheSameVectorAloneAsInABatch() {
        // Inference uses the stored running statistics, never the statistics of the call.
        float[] batch = FashionMnistPixels.images(0, 6);
        try (ImageEmbedder embedder = new ImageEmbedder(description, weights)) {
            float[][] together = embedder.embed(batch, 6);
            float[][] alone = embedder.embed(Arrays.copyOfRange(batch, 4 * 784, 5 * 784), 1);

            for (int i = 0; i < 32; i++) {
                assertThat(alone[0][i]).isCloseTo(together[4][i],
                        within(1e-5f));
            }
        }
    }

    @Test
    void repeatedCallsGiveTheSameVectors() {
        float[] images = FashionMnistPixels.images(100, 4);
        try (ImageEmbedder embedder = new ImageEmbedder(description, weights)) {
            assertThat(embedder.embed(images, 4)).isDeepEqualTo(embedder.embed(images, 4));
        }
    }

    @Test
    void aPixelCountThatDoesNotMatchTheShapeIsRejected() {
        try (ImageEmbedder embedder = new ImageEmbedder(description, weights)) {
            assertThatThrownBy(() -> embedder.embed(new float[784 * 2], 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(3, 1, 28, 28)");
        }
    }

    @Test
    void aMissingWeightIsNamed() {
        List<NamedTensor> partial = weights.stream()
                .filter(t -> !t.name().equals("head.fc2.bias")).toList();

        assertThatThrownBy(() -> new ImageEmbedder(description, partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing parameter head.fc2.bias");
    }

    @Test
    void aLanguageModelDescriptionIsRejected() {
        assertThatThrownBy(() -> new ImageEmbedder(new ModelDescription("lm", Map.of()), weights))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind is lm");
    }
}
