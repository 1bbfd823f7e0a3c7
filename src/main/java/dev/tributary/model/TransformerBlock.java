package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}.
 * Normalising before each sub-layer keeps the residual path an identity, which trains stably
 * without a careful warm-up.
 *
 * <p>Inputs are the features {@code (B, T, C)} and the causal mask {@code (T, T)}; the output
 * is the new features. Both LayerNorms normalise over the feature axis alone: DJL's default
 * would normalise over time and features together, letting later positions change earlier
 * ones.
 */
final class TransformerBlock extends AbstractBlock {

    /** Axis 2 of {@code (B, T, C)}: the features. */
    private static final int FEATURE_AXIS = 2;

    private final LayerNorm attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNorm feedForwardNorm;
    private final FeedForward feedForward;

    TransformerBlock(LmConfig config) {
        this.attentionNorm = addChildBlock("ln_1", featureNorm());
        this.attention = addChildBlock("attn",
                new CausalSelfAttention(config.width(), config.heads()));
        this.feedForwardNorm = addChildBlock("ln_2", featureNorm());
        this.feedForward = addChildBlock("mlp",
                new FeedForward(config.width(), config.mlpRatio() * config.width()));
    }

    /** A LayerNorm over the features of {@code (B, T, C)}, as PyTorch's {@code LayerNorm(C)}. */
    static LayerNorm featureNorm() {
        return LayerNorm.builder().axis(FEATURE_AXIS).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B, T, C)
        NDArray mask = inputs.get(1); // (T, T)

        NDArray normed = attentionNorm.forward(store, new NDList(x), training).head();
        x = x.add(attention.forward(store, new NDList(normed, mask), training).head());

        normed = feedForwardNorm.forward(store, new NDList(x), training).head();
        x = x.add(feedForward.forward(store, new NDList(normed), training).head());
        return new NDList(x); // (B, T, C)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        Shape features = inputShapes[0];
        attentionNorm.initialize(manager, dataType, features);
        attention.initialize(manager, dataType, features);
        feedForwardNorm.initialize(manager, dataType, features);
        feedForward.initialize(manager, dataType, features);
    }
}
