package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TransformerLmTest {

    static final LmConfig SMALL =
            LmConfig.defaults().withVocabularySize(96).withShape(24, 2, 32, 4);

    @Test
    void laterTokensNeverChangeEarlierOutputs() {
        int length = SMALL.contextLength();
        int changedFrom = 9;
        long[] original = randomTokens(new Random(3), length);
        long[] changed = original.clone();
        Random random = new Random(4);
        for (int i = changedFrom; i < length; i++) {
            changed[i] = (original[i] + 1 + random.nextInt(SMALL.vocabularySize() - 1))
                    % SMALL.vocabularySize();
        }

        float[][] before = logits(original);
        float[][] after = logits(changed);

        for (int position = 0; position < changedFrom; position++) {
            for (int id = 0; id < SMALL.vocabularySize(); id++) {
                assertThat(after[position][id]).as("position %d", position)
                        .isCloseTo(before[position][id], within(1e-6f));
            }
        }
        assertThat(after[changedFrom]).isNotEqualTo(before[changedFrom]);
    }

    @Test
    void parametersHavePyTorchStyleNamesAndTheConfiguredCount() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Map<String, Parameter> named =
                    BlockParameters.named(TransformerLm.create(SMALL, manager));

            assertThat(named.keySet()).startsWith("wte.weight", "wpe.weight",
                    "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.c_attn.weight")
                    .contains("h.1.mlp.c_proj.bias", "ln_f.weight").endsWith("ln_f.bias");
            long count = named.values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertThat(count).isEqualTo(SMALL.parameterCount());
        }
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            List<NamedTensor> first = initialWeights(SMALL, manager);
            List<NamedTensor> second = initialWeights(SMALL, manager);
            List<NamedTensor> other = initialWeights(SMALL.withSeed(7), manager);

            assertThat(second).isEqualTo(first);
            assertThat(other.get(0)).isNotEqualTo(first.get(0));
        }
    }

    private static List<NamedTensor> initialWeights(LmConfig config, NDManager manager) {
        return BlockParameters.copy(BlockParameters.named(TransformerLm.create(config, manager)));
    }

    private static float[][] logits(long[] tokens) {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            TransformerLm network = TransformerLm.create(SMALL, manager);
            NDArray input = manager.create(tokens, new Shape(1, tokens.length));
            NDArray logits = network.forward(new ParameterStore(manager, false),
                    new NDList(input), false).head();
            float[] flat = logits.toFloatArray();
            float[][] rows = new float[tokens.length][SMALL.vocabularySize()];
            for (int i = 0; i < tokens.length; i++) {
                System.arraycopy(flat, i * SMALL.vocabularySize(), rows[i], 0, rows[i].length);
            }
            return rows;
        }
    }

    private static long[] randomTokens(Random random, int length) {
        long[] tokens = new long[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(SMALL.vocabularySize());
        }
        return tokens;
    }
}
