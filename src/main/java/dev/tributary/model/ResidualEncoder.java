package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The image encoder of {@link SimClrConfig}: a 3x3 stem with batch norm and ReLU at full
 * resolution, then stages of {@link ResidualBlock}s, each stage halving the resolution in its
 * first block, then global average pooling. Maps (B, C, H, W) images to (B, D)
 * representations; inside, activations are channels-last in memory (see
 * {@link #channelsLast}). Children: {@code stem}, {@code stage1}, {@code stage2}, ...; a
 * stage's children are {@code block1}, {@code block2}, ...
 */
final class ResidualEncoder extends AbstractBlock {

    private final ConvBatchNorm stem;
    private final List<Stage> stages = new ArrayList<>();

    ResidualEncoder(SimClrConfig config) {
        stem = addChildBlock("stem", new ConvBatchNorm(config.stemWidth(), 3, 1));
        int inWidth = config.stemWidth();
        for (int s = 0; s < config.stageWidths().size(); s++) {
            int width = config.stageWidths().get(s);
            stages.add(addChildBlock("stage" + (s + 1),
                    new Stage(inWidth, width, config.blocksPerStage())));
            inWidth = width;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = channelsLast(inputs.singletonOrThrow());          // (B, C, H, W)
        NDList x = stem.forward(store, new NDList(images), training);      // (B, stem, H, W)
        x = new NDList(Activation.relu(x.singletonOrThrow()));
        for (Stage stage : stages) {
            x = stage.forward(store, x, training);                          // (B, w, H/2, W/2)
        }
        return new NDList(Pool.globalAvgPool2d(x.singletonOrThrow()));      // (B, D)
    }

    /**
     * The same images, shape and values, laid out channels-last in memory (NHWC strides). The
     * oneDNN convolutions of libtorch 2.7.1 work in that layout: given NCHW tensors, every
     * convolution's backward pass copied its input and output gradient into it first. Each
     * operation of the encoder keeps the layout of its input, so all activations and their
     * gradients stay channels-last from here on. Costs nothing for one channel, where both
     * layouts are the same bytes; otherwise one copy of the input.
     */
    static NDArray channelsLast(NDArray images) {
        Shape shape = images.getShape();                                    // (B, C, H, W)
        return images.transpose(0, 2, 3, 1)                                 // (B, H, W, C)
                .reshape(-1)                                                // (B * H * W * C)
                .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);                                     // (B, C, H, W)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = stem.getOutputShapes(inputShapes);
        for (Stage stage : stages) {
            shapes = stage.getOutputShapes(shapes);
        }
        return new Shape[] {new Shape(shapes[0].get(0), shapes[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        Shape[] shapes = stem.getOutputShapes(inputShapes);
        for (Stage stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }

    /** Residual blocks at one resolution; the first halves it and changes the width. */
    private static final class Stage extends AbstractBlock {

        private final List<ResidualBlock> blocks = new ArrayList<>();

        Stage(int inWidth, int width, int count) {
            for (int b = 0; b < count; b++) {
                int stride = b == 0 ? 2 : 1;
                blocks.add(addChildBlock("block" + (b + 1),
                        new ResidualBlock(b == 0 ? inWidth : width, width, stride)));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList x = inputs;
            for (ResidualBlock block : blocks) {
                x = block.forward(store, x, training);
            }
            return x;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] shapes = inputShapes;
            for (ResidualBlock block : blocks) {
                shapes = block.getOutputShapes(shapes);
            }
            return shapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType,
                Shape... inputShapes) {
            Shape[] shapes = inputShapes;
            for (ResidualBlock block : blocks) {
                block.initialize(manager, dataType, shapes);
                shapes = block.getOutputShapes(shapes);
            }
        }
    }
}
