package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention in which each position attends to itself and the positions before
 * it, never to later ones, so a model trained on next-token prediction cannot read the answer.
 *
 * <p>Written from NDArray operations because DJL's {@code TransformerEncoderBlock} is not causal
 * in training. Inputs are the features {@code (B, T, C)} and an additive mask {@code (T, T)}
 * holding 0 on and below the diagonal and -inf above it (see {@link #causalMask}); the output
 * has the shape of the features. Parameters: {@code c_attn} projects to queries, keys and
 * values at once, {@code c_proj} mixes the heads' outputs.
 */
final class CausalSelfAttention extends AbstractBlock {

    private final int heads;
    private final Linear attention;
    private final Linear projection;

    CausalSelfAttention(int width, int heads) {
        this.heads = heads;
        this.attention = addChildBlock("c_attn", Linear.builder().setUnits(3L * width).build());
        this.projection = addChildBlock("c_proj", Linear.builder().setUnits(width).build());
    }

    /** The additive causal mask for {@code length} positions, in the given manager. */
    static NDArray causalMask(NDManager manager, int length) {
        float[] values = new float[length * length];
        for (int row = 0; row < length; row++) {
            for (int column = row + 1; column < length; column++) {
                values[row * length + column] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(values, new Shape(length, length)); // (T, T)
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B, T, C)
        NDArray mask = inputs.get(1); // (T, T)
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        long width = x.getShape().get(2);
        long headSize = width / heads;

        NDList qkv = attention.forward(store, new NDList(x), training).head().split(3, 2);
        // Scaling the queries touches fewer values than scaling the (B, nh, T, T) scores.
        NDArray scale = Scalars.of(x, (float) (1.0 / Math.sqrt(headSize))); // ()
        NDArray q = splitHeads(qkv.get(0), batch, length, headSize).mul(scale); // (B, nh, T, hs)
        NDArray k = splitHeads(qkv.get(1), batch, length, headSize); // (B, nh, T, hs)
        NDArray v = splitHeads(qkv.get(2), batch, length, headSize); // (B, nh, T, hs)

        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).add(mask); // (B, nh, T, T)
        NDArray y = scores.softmax(-1).matMul(v); // (B, nh, T, hs)
        NDArray merged = y.transpose(0, 2, 1, 3).reshape(batch, length, width); // (B, T, C)
        return projection.forward(store, new NDList(merged), training);
    }

    private NDArray splitHeads(NDArray part, long batch, long length, long headSize) {
        return part.reshape(batch, length, heads, headSize) // (B, T, nh, hs)
                .transpose(0, 2, 1, 3); // (B, nh, T, hs)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        attention.initialize(manager, dataType, inputShapes[0]);
        projection.initialize(manager, dataType, inputShapes[0]);
    }
}
