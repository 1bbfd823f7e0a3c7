package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A micro-batch larger than one model call, embedded call by call. */
class ImageRecordEmbedderTest {

    @Test
    void imagesBeyondOneModelCallGetTheVectorsOfOneCall() throws Exception {
        FashionMnist mnist = FashionMnist.load(FashionMnist.Split.TEST);
        int count = ImageEmbedder.CALL_IMAGES + 6;
        float[] pixels = new float[count * 28 * 28]; // (N, C, H, W)
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pngs.add(PngEncoder.encodeGray(mnist.pixels(i), 28, 28));
            System.arraycopy(mnist.normalizedPixels(i), 0, pixels, i * 28 * 28, 28 * 28);
        }
        try (SimClrLearner learner = new SimClrLearner(SimClrConfig.defaults())) {
            Checkpoint checkpoint = TrainedCheckpoints.checkpoint(learner, "simclr", 1, null);
            float[][] whole;
            try (ImageEmbedder embedder = new ImageEmbedder(learner.description(),
                    learner.weights())) {
                whole = embedder.embed(pixels, count); // (N, D) in one call
            }
            try (ImageRecordEmbedder records = new ImageRecordEmbedder(checkpoint)) {
                List<byte[]> decoded = pngs.stream().map(records::prepare).toList();
                float[][] chunked = records.embed(decoded);

                assertThat(chunked).hasNumberOfRows(count);
                for (int i = 0; i < count; i++) {
                    for (int d = 0; d < whole[i].length; d++) {
                        assertThat(chunked[i][d]).as("image %d, value %d", i, d)
                                .isCloseTo(whole[i][d], within(1e-4f));
                    }
                }
            }
        }
    }
}
