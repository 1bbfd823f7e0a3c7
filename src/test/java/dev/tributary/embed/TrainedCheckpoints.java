package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.data.Batch;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.TextTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two versions of each model, trained a few steps on real data: a SimCLR encoder on
 * Fashion-MNIST and a small language model on the fortunes, with a BPE tokenizer learned from
 * them. Version 2 is version 1 trained two steps further, so their embeddings differ.
 */
final class TrainedCheckpoints {

    static final int VOCABULARY = 300;
    static final LmConfig LM = LmConfig.defaults().withVocabularySize(VOCABULARY)
            .withShape(16, 1, 32, 2); // context 16, one block, width 32, two heads

    final List<Checkpoint> images = new ArrayList<>();
    final List<Checkpoint> text = new ArrayList<>();
    final FashionMnist fashion;
    final List<String> fortunes;
    final String tokenizerJson;

    private TrainedCheckpoints(FashionMnist fashion, List<String> fortunes,
            String tokenizerJson) {
        this.fashion = fashion;
        this.fortunes = fortunes;
        this.tokenizerJson = tokenizerJson;
    }

    static TrainedCheckpoints train() throws IOException {
        FashionMnist fashion = FashionMnist.load(FashionMnist.Split.TEST);
        List<String> fortunes = FortuneReader.readDefault().stream().map(Fortune::text)
                .limit(1_500).toList();
        String json = new BpeTrainer(BpeTrainerConfig.withVocabSize(VOCABULARY))
                .train(fortunes).toTokenizerJson();
        TrainedCheckpoints trained = new TrainedCheckpoints(fashion, fortunes, json);
        trained.trainImages();
        trained.trainText();
        return trained;
    }

    private void trainImages() {
        int count = 16;
        float[] pixels = new float[count * 28 * 28]; // (N, C, H, W)
        for (int i = 0; i < count; i++) {
            byte[] image = fashion.pixels(1_000 + i);
            for (int j = 0; j < image.length; j++) {
                pixels[i * image.length + j] = (image[j] & 0xFF) / 255f;
            }
        }
        Batch batch = Batch.ofFloats(new int[] {count, 1, 28, 28}, pixels, count);
        try (SimClrLearner learner = new SimClrLearner(SimClrConfig.defaults())) {
            for (int version = 1; version <= 2; version++) {
                steps(learner, batch);
                images.add(checkpoint(learner, "simclr", version, null));
            }
        }
    }

    private void trainText() throws IOException {
        int rows = 4;
        int length = LM.contextLength() + 1;
        int[] tokens = new int[rows * length]; // (N, T+1)
        try (TextTokenizer tokenizer = TextTokenizer.fromJson(tokenizerJson)) {
            int filled = 0;
            for (String fortune : fortunes) {
                for (int id : tokenizer.encode(fortune)) {
                    if (filled < tokens.length) {
                        tokens[filled++] = id;
                    }
                }
            }
        }
        Batch batch = Batch.ofInts(new int[] {rows, length}, tokens, rows);
        try (LmLearner learner = new LmLearner(LM)) {
            for (int version = 1; version <= 2; version++) {
                steps(learner, batch);
                text.add(checkpoint(learner, "lm", version, tokenizerJson));
            }
        }
    }

    private static <P> void steps(Learner<P> learner, Batch batch) {
        for (int i = 0; i < 2; i++) {
            assertThat(learner.step(learner.prepare(batch)).skipped()).isFalse();
        }
    }

    /** A checkpoint of the learner's weights now, numbered as asked. */
    static Checkpoint checkpoint(Learner<?> learner, String model, long version,
            String tokenizerJson) {
        return Checkpoint.builder(model, version).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10)).inputOffsets(Map.of())
                .tokenizerJson(tokenizerJson).chunkBytes(64 * 1024).build(learner.weights());
    }
}
