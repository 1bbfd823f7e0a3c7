package dev.tributary.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A square convolution without bias followed by batch normalisation; no activation, so it
 * serves both as the stem (the caller applies ReLU) and as a residual shortcut. Padding keeps
 * the resolution at stride 1. Children are named {@code conv} and {@code bn}.
 *
 * <p>A strided 1x1 shortcut runs as the strided convolution itself. On channels-last
 * activations (see {@link ResidualEncoder}) that is the fastest form; the alternative of a
 * strided slice into a stride-1 convolution made the slice's backward pass write a zero-filled
 * gradient in the other memory format, which slowed every operation downstream of it.
 */
final class ConvBatchNorm extends AbstractBlock {

    /** DJL's convention: the weight of the running value, as in MXNet (PyTorch's 0.1). */
    private static final float BN_MOMENTUM = 0.9f;
    private static final float BN_EPSILON = 1e-5f;

    private final Conv2d conv;
    private final BatchNorm bn;

    ConvBatchNorm(int filters, int kernel, int stride) {
        conv = addChildBlock("conv", convolution(filters, kernel, stride));
        bn = addChildBlock("bn", batchNorm());
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

    /** Batch normalisation over axis 1 with the settings {@link #normalize} applies. */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optMomentum(BN_MOMENTUM).optEpsilon(BN_EPSILON).build();
    }

    /**
     * Applies a {@link #batchNorm()} block to (B, C, H, W) activations as one engine call.
     * DJL's own forward wraps that call in two axis swaps, and the residual addition in place on
     * such a view made autograd copy the whole gradient back through it (CopySlices) at every
     * block.
     */
    static NDArray normalize(BatchNorm bn, ParameterStore store, NDArray x, boolean training) {
        Device device = x.getDevice();
        PairList<String, Parameter> parameters = bn.getDirectParameters();
        NDArray mean = store.getValue(parameters.get("runningMean"), device, training);
        NDArray variance = store.getValue(parameters.get("runningVar"), device, training);
        NDArray gamma = store.getValue(parameters.get("gamma"), device, training);
        NDArray beta = store.getValue(parameters.get("beta"), device, training);
        // Axis -1 tells DJL's PyTorch engine to pass the array through unchanged; PyTorch
        // always normalises axis 1.
        return x.getNDArrayInternal().batchNorm(x, mean, variance, gamma, beta, -1,
                BN_MOMENTUM, BN_EPSILON, training).singletonOrThrow();     // (B, C, H, W)
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = conv.forward(store, inputs, training).singletonOrThrow(); // (B, C, H/s, W/s)
        return new NDList(normalize(bn, store, y, training));
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
