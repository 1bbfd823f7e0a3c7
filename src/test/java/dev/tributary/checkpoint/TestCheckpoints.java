package dev.tributary.checkpoint;

import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;

/** Deterministic tensors and checkpoints for the tests. */
final class TestCheckpoints {

    static final String TOKENIZER_JSON = "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}";

    private TestCheckpoints() {
    }

    /** A small language-model-like parameter set, random but fixed by the seed. */
    static List<NamedTensor> smallTensors(long seed) {
        Random random = new Random(seed);
        return List.of(
                tensor(random, "embedding.weight", 16, 8),
                tensor(random, "block0.attention.qkv.weight", 24, 8),
                tensor(random, "block0.norm.gamma", 8),
                tensor(random, "head.bias", 16));
    }

    /** Tensors holding about {@code bytes} bytes, in layers of 256 x 1024 floats. */
    static List<NamedTensor> tensorsOfBytes(long seed, long bytes) {
        Random random = new Random(seed);
        List<NamedTensor> tensors = new ArrayList<>();
        long floatsLeft = bytes / Float.BYTES;
        for (int layer = 0; floatsLeft > 0; layer++) {
            int rows = (int) Math.min(256, Math.max(1, floatsLeft / 1024));
            int columns = (int) Math.min(1024, floatsLeft);
            tensors.add(tensor(random, "layer" + layer + ".weight", rows, columns));
            floatsLeft -= (long) rows * columns;
        }
        return tensors;
    }

    static NamedTensor tensor(Random random, String name, int... dimensions) {
        long[] shape = new long[dimensions.length];
        int count = 1;
        for (int i = 0; i < dimensions.length; i++) {
            shape[i] = dimensions[i];
            count *= dimensions[i];
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.02);
        }
        return new NamedTensor(name, shape, values);
    }

    /** A builder filled the way a text trainer would fill it. */
    static Checkpoint.Builder textBuilder(String model, long version) {
        return Checkpoint.builder(model, version)
                .step(100 * version)
                .samplesSeen(3_200 * version)
                .tokensSeen(204_800 * version)
                .createdAt(Instant.parse("2025-03-04T05:06:07.089Z").plusSeconds(version))
                .description(new ModelDescription("lm", Map.of("layers", "2", "width", "128",
                        "vocabulary", "4096")))
                .metrics(new TrainingMetrics(2.5 / version, 3.0e-4, 0.75, 410.5))
                .inputOffsets(Map.of(
                        new TopicPartition("tributary.text.batches", 0), 100 * version,
                        new TopicPartition("tributary.text.raw", 2), 7_000 * version,
                        new TopicPartition("tributary.text.raw", 0), 6_000 * version))
                .tokenizerJson(TOKENIZER_JSON);
    }

    /** A small verified-by-construction checkpoint of a text model. */
    static Checkpoint small(String model, long version) {
        return textBuilder(model, version).build(smallTensors(version));
    }
}
