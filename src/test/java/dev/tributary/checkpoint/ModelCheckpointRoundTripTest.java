package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.Batch;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained weights go through the whole path, published to Kafka, read back, verified and
 * loaded into the inference classes, and give exactly the outputs of the weights that went in.
 */
class ModelCheckpointRoundTripTest {

    @TempDir
    static Path dataDir;

    private static CheckpointBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = CheckpointBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void imageEncoderFromTheTopicEmbedsExactlyAsTrained() throws Exception {
        SimClrConfig config = SimClrConfig.defaults();
        Random random = new Random(2);
        float[] pixels = new float[8 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        try (SimClrLearner learner = new SimClrLearner(config)) {
            train(learner, Batch.ofFloats(new int[] {8, 1, 28, 28}, pixels, 8)); // (N, C, H, W)

            Checkpoint read = publishAndRead(learner, "simclr");

            try (ImageEmbedder embedder = new ImageEmbedder(read.manifest().description(),
                    read.tensors())) {
                assertThat(embedder.embed(pixels, 8)).isDeepEqualTo(learner.embed(pixels, 8));
            }
        }
    }

    @Test
    void languageModelFromTheTopicPredictsExactlyAsTrained() throws Exception {
        LmConfig config = LmConfig.defaults().withVocabularySize(300).withShape(16, 1, 32, 2);
        int[] tokens = new Random(4).ints(4 * 17, 2, 300).toArray();
        int[] context = {5, 9, 40, 7, 120};
        try (LmLearner learner = new LmLearner(config)) {
            train(learner, Batch.ofInts(new int[] {4, 17}, tokens, 4)); // (N, T+1)

            Checkpoint read = publishAndRead(learner, "lm");

            try (LanguageModel trained = new LanguageModel(learner.description(),
                    learner.weights());
                    LanguageModel loaded = new LanguageModel(read.manifest().description(),
                            read.tensors())) {
                assertThat(loaded.nextTokenLogits(context))
                        .containsExactly(trained.nextTokenLogits(context));
            }
        }
    }

    private static <P> void train(Learner<P> learner, Batch batch) {
        for (int i = 0; i < 3; i++) {
            assertThat(learner.step(learner.prepare(batch)).skipped()).isFalse();
        }
    }

    private static Checkpoint publishAndRead(Learner<?> learner, String model) throws Exception {
        Checkpoint checkpoint = Checkpoint.builder(model, 1).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10))
                .inputOffsets(Map.of()).build(learner.weights());
        try (CheckpointPublisher publisher = new CheckpointPublisher(broker.clients().producer(),
                broker.topic(), model)) {
            publisher.publish(checkpoint);
        }
        CheckpointReader reader = new CheckpointReader(broker.clients().consumer("unused"),
                broker.topic(), new SimpleMeterRegistry());
        Checkpoint read = reader.latest(model, Duration.ofSeconds(30)).orElseThrow().verify();
        assertThat(read.manifest()).isEqualTo(checkpoint.manifest());
        assertThat(read.tensors()).isEqualTo(List.copyOf(learner.weights()));
        return read;
    }
}
