package dev.tributary.cli;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointPublishException;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.checkpoint.FencedException;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.data.Batch;
import dev.tributary.data.FashionMnist;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.TextTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The two default-shaped models the serving benchmark serves, freshly initialised and trained
 * one small step before each checkpoint they publish, so every version has weights of its own.
 * Publishing returns once {@code read_committed} readers can see the checkpoint.
 */
final class BenchServeModels implements AutoCloseable {

    private static final int IMAGE_BATCH = 32;
    private static final int TEXT_ROWS = 8;

    private final SimClrLearner images = new SimClrLearner(SimClrConfig.defaults());
    private final LmLearner text;
    private final String tokenizerJson;
    private final Batch imageBatch;
    private final Batch textBatch;
    private final CheckpointPublisher imagePublisher;
    private final CheckpointPublisher textPublisher;
    private long imageVersion;
    private long textVersion;

    /**
     * @param tokenizer the language model's tokenizer; its vocabulary sets the model's
     * @param documents text the language model steps on
     */
    BenchServeModels(KafkaClients clients, TopicNames topics, TextTokenizer tokenizer,
            FashionMnist mnist, List<String> documents) throws CheckpointPublishException {
        this.tokenizerJson = tokenizer.json();
        LmConfig config = LmConfig.defaults().withVocabularySize(tokenizer.vocabularySize());
        this.text = new LmLearner(config);
        this.imageBatch = imageBatch(mnist);
        this.textBatch = textBatch(tokenizer, documents, config.contextLength());
        String run = Long.toString(System.nanoTime(), 36);
        this.imagePublisher = new CheckpointPublisher(clients.producer(), topics.checkpoints(),
                "simclr", "bench-serve-simclr-" + run);
        this.textPublisher = new CheckpointPublisher(clients.producer(), topics.checkpoints(),
                "lm", "bench-serve-lm-" + run);
    }

    private static Batch imageBatch(FashionMnist mnist) {
        int size = mnist.rows() * mnist.cols();
        float[] pixels = new float[IMAGE_BATCH * size]; // (N, C, H, W)
        for (int i = 0; i < IMAGE_BATCH; i++) {
            System.arraycopy(mnist.normalizedPixels(i), 0, pixels, i * size, size);
        }
        return Batch.ofFloats(new int[] {IMAGE_BATCH, 1, mnist.rows(), mnist.cols()}, pixels,
                IMAGE_BATCH);
    }

    private static Batch textBatch(TextTokenizer tokenizer, List<String> documents,
            int context) {
        int length = context + 1;
        int[] stream = tokenizer.encode(String.join("\n", documents.subList(0,
                Math.min(200, documents.size()))));
        int[] tokens = Arrays.copyOf(stream, TEXT_ROWS * length); // (N, T+1), padded by zeros
        return Batch.ofInts(new int[] {TEXT_ROWS, length}, tokens, TEXT_ROWS);
    }

    /** Steps the image encoder once and publishes it as the next version; returns it. */
    long publishImages() throws CheckpointPublishException, FencedException {
        step(images, imageBatch);
        imagePublisher.publish(checkpoint(images, "simclr", ++imageVersion, null));
        return imageVersion;
    }

    /** Steps the language model once and publishes it as the next version; returns it. */
    long publishText() throws CheckpointPublishException, FencedException {
        step(text, textBatch);
        textPublisher.publish(checkpoint(text, "lm", ++textVersion, tokenizerJson));
        return textVersion;
    }

    private static <P> void step(Learner<P> learner, Batch batch) {
        learner.step(learner.prepare(batch));
    }

    private static Checkpoint checkpoint(Learner<?> learner, String model, long version,
            String tokenizerJson) {
        return Checkpoint.builder(model, version).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 1.0)).inputOffsets(Map.of())
                .tokenizerJson(tokenizerJson).build(learner.weights());
    }

    @Override
    public void close() {
        imagePublisher.close();
        textPublisher.close();
        images.close();
        text.close();
    }
}
