package dev.tributary.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A square convolution without bias followed by batch normalisation; no activation, so it
 * serves both as the stem (the caller applies ReLU) and as a residual shortcut. Padding keeps
 * the resolution at stride 1. Children are named {@code conv} and {@code bn}.
 */
final class ConvBatchNorm extends AbstractBlock {

    private final Conv2d conv;
    private final BatchNorm bn;

    ConvBatchNorm(int filters, int kernel, int stride) {
        conv = addChildBlock("conv", convolution(filters, kernel, stride));
        bn = addChildBlock("bn", BatchNorm.builder().build());
    }

    /** A square convolution without bias whose padding keeps the resolution at stride 1. */
    static Conv2d convolution(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                // The batch norm that follows has its own shift, so a bias would be redundant.
                .optBias(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return bn.forward(store, conv.forward(store, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
