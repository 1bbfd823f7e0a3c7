package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The position-wise MLP of a transformer block: widen ({@code c_fc}), GELU (the exact erf form,
 * as PyTorch's {@code nn.GELU()}), narrow back ({@code c_proj}). Shape {@code (B, T, C)} in and
 * out.
 */
final class FeedForward extends AbstractBlock {

    private final Linear widen;
    private final Linear narrow;

    FeedForward(int width, int hidden) {
        this.widen = addChildBlock("c_fc", Linear.builder().setUnits(hidden).build());
        this.narrow = addChildBlock("c_proj", Linear.builder().setUnits(width).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray hidden = widen.forward(store, inputs, training).head(); // (B, T, 4C)
        return narrow.forward(store, new NDList(Activation.gelu(hidden)), training); // (B, T, C)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        widen.initialize(manager, dataType, inputShapes[0]);
        narrow.initialize(manager, dataType, widen.getOutputShapes(inputShapes)[0]);
    }
}
