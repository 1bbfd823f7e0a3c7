package dev.tributary.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 *
 * <p>A strided 1x1 convolution reads only every {@code stride}-th row and column, so it is run
 * as exactly that: a strided slice of the input through a stride-1 convolution. Same
 * parameters, same result, but PyTorch's backward pass for the strided form took 25 ms of a
 * 270 ms step at the default size here, against about 8 ms for the slice and convolution
 * (mostly the zero-filled input gradient the slice's backward pass writes).
 */
final class ConvBatchNorm extends AbstractBlock {

    private final Conv2d conv;
    private final BatchNorm bn;
    /** Subsampling step applied before the convolution; 1 for none. */
    private final int subsample;
    /** Every {@code subsample}-th row and column of the last two axes. */
    private final NDIndex strided;

    ConvBatchNorm(int filters, int kernel, int stride) {
        boolean pointwise = kernel == 1 && stride > 1;
        conv = addChildBlock("conv", convolution(filters, kernel, pointwise ? 1 : stride));
        bn = addChildBlock("bn", BatchNorm.builder().build());
        this.subsample = pointwise ? stride : 1;
        this.strided = new NDIndex("..., ::{}, ::{}", subsample, subsample);
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
        NDList x = inputs;                                                  // (B, C, H, W)
        if (subsample > 1) {
            x = new NDList(x.singletonOrThrow().get(strided));           // (B, C, H/s, W/s)
        }
        return bn.forward(store, conv.forward(store, x, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(subsampled(inputShapes));
    }

    private Shape[] subsampled(Shape[] inputShapes) {
        if (subsample == 1) {
            return inputShapes;
        }
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), input.get(1),
                (input.get(2) + subsample - 1) / subsample,
                (input.get(3) + subsample - 1) / subsample)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        conv.initialize(manager, dataType, subsampled(inputShapes));
        bn.initialize(manager, dataType, getOutputShapes(inputShapes));
    }
}
