package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The basic residual block of ResNet: two 3x3 convolutions with batch normalisation, the first
 * with the block's stride, added to a shortcut and passed through ReLU. The shortcut is the
 * input itself, or a strided 1x1 convolution with batch normalisation where the resolution or
 * the width changes. Children: {@code conv1}, {@code bn1}, {@code conv2}, {@code bn2} and, when
 * needed, {@code shortcut}.
 */
final class ResidualBlock extends AbstractBlock {

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final ConvBatchNorm shortcut;

    ResidualBlock(int inWidth, int outWidth, int stride) {
        conv1 = addChildBlock("conv1", ConvBatchNorm.convolution(outWidth, 3, stride));
        bn1 = addChildBlock("bn1", ConvBatchNorm.batchNorm());
        conv2 = addChildBlock("conv2", ConvBatchNorm.convolution(outWidth, 3, 1));
        bn2 = addChildBlock("bn2", ConvBatchNorm.batchNorm());
        boolean reshapes = stride != 1 || inWidth != outWidth;
        shortcut = reshapes ? addChildBlock("shortcut", new ConvBatchNorm(outWidth, 1, stride))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                               // (B, Cin, H, W)
        NDArray out = conv1.forward(store, inputs, training).singletonOrThrow();
        out = Activation.relu(ConvBatchNorm.normalize(bn1, store, out, training));
        out = conv2.forward(store, new NDList(out), training).singletonOrThrow();
        out = ConvBatchNorm.normalize(bn2, store, out, training);          // (B, C, H/s, W/s)
        NDArray skip = shortcut == null ? x                                // (B, C, H/s, W/s)
                : shortcut.forward(store, inputs, training).singletonOrThrow();
        // In place: batch norm's backward pass needs its input, not its output, and the output
        // is a tensor of its own (not a view), so autograd needs no copy for it.
        return new NDList(Activation.relu(out.addi(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv1.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] inner = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, inner);
        conv2.initialize(manager, dataType, inner);
        bn2.initialize(manager, dataType, inner);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
