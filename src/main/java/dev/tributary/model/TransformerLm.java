package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only transformer: token and learned position embeddings, {@code layers}
 * {@link TransformerBlock}s, a final LayerNorm and an output head. Input is int64 token ids
 * {@code (B, T)} with {@code T <= contextLength}; output is next-token logits {@code (B, T, V)}.
 *
 * <p>The output head is the token embedding itself (tied weights), for two reasons. At the
 * default size the embedding is 4,096 x 128 = 0.52 M values against 0.40 M in both blocks
 * together, so a separate head would make the model half as large again for little gain.
 * And in a stream, where rare tokens show up seldom, every embedding row still learns on every
 * step through the softmax of the head, not only when its token happens to be an input.
 *
 * <p>There is no dropout: a continual learner sees each sample about once, so it has little
 * to over-fit, and dropout would make {@link LanguageModel} differ from the trained network.
 */
final class TransformerLm extends AbstractBlock {

    private final LmConfig config;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    private TransformerLm(LmConfig config) {
        this.config = config;
        this.tokenEmbedding = addParameter(embedding("wte.weight"));
        this.positionEmbedding = addParameter(embedding("wpe.weight"));
        for (int layer = 0; layer < config.layers(); layer++) {
            blocks.add(addChildBlock("h." + layer, new TransformerBlock(config)));
        }
        this.finalNorm = addChildBlock("ln_f", TransformerBlock.featureNorm());
    }

    /**
     * Builds the network with its initial weights in {@code manager}: every matrix from
     * N(0, initStd²) drawn in a fixed order from the configured seed, biases 0, LayerNorm
     * scales 1. The same configuration always gives the same weights.
     */
    static TransformerLm create(LmConfig config, NDManager manager) {
        TransformerLm network = new TransformerLm(config);
        network.setInitializer(new SeededNormalInitializer(config.initStd(), config.seed()),
                Parameter.Type.WEIGHT);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, config.contextLength()));
        return network;
    }

    LmConfig config() {
        return config;
    }

    /** Next-token logits {@code (B, T, V)} for the int64 tokens {@code (B, T)}. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(logits(store, hidden(store, inputs.head(), training), training));
    }

    /**
     * The final hidden states {@code (B, T, C)}, after the final LayerNorm, of the int64 tokens
     * {@code (B, T)}. Every intermediate joins the tokens' manager.
     */
    NDArray hidden(ParameterStore store, NDArray tokens, boolean training) {
        NDManager scope = tokens.getManager();
        int length = Math.toIntExact(tokens.getShape().get(1));
        if (length > config.contextLength()) {
            throw new IllegalArgumentException(length + " positions exceed the context length "
                    + config.contextLength());
        }
        NDArray wte = store.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray wpe = store.getValue(positionEmbedding, tokens.getDevice(), training);
        // Looked up with the step's arrays first, so the results join their manager rather
        // than the parameters'.
        NDArray positions = scope.arange(0f, length, 1f, DataType.INT64); // (T)
        NDArray x = lookup(tokens, wte).add(lookup(positions, wpe)); // (B, T, C)

        NDArray mask = CausalSelfAttention.causalMask(scope, length); // (T, T)
        for (TransformerBlock block : blocks) {
            x = block.forward(store, new NDList(x, mask), training).head(); // (B, T, C)
        }
        return finalNorm.forward(store, new NDList(x), training).head(); // (B, T, C)
    }

    /** Logits {@code (..., V)} from final hidden states {@code (..., C)}: the tied head. */
    NDArray logits(ParameterStore store, NDArray hidden, boolean training) {
        NDArray wte = store.getValue(tokenEmbedding, hidden.getDevice(), training);
        // linear(x, W) computes x Wᵀ without materialising the transpose.
        return hidden.getNDArrayInternal().linear(hidden, wte, null).head(); // (..., V)
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
    }

    private static Parameter embedding(String name) {
        // Shape set in prepare, once the width is known from the configuration.
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        tokenEmbedding.setShape(new Shape(config.vocabularySize(), config.width()));
        positionEmbedding.setShape(new Shape(config.contextLength(), config.width()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabularySize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape features = new Shape(tokens.get(0), tokens.get(1), config.width()); // (B, T, C)
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, features);
        }
        finalNorm.initialize(manager, dataType, features);
    }
}
