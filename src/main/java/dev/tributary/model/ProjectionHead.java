package dev.tributary.model;

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
 * SimCLR's projection head, linear-ReLU-linear, mapping (B, D) representations to (B, P)
 * projections where the contrastive loss is computed. Children: {@code fc1}, {@code fc2}.
 */
final class ProjectionHead extends AbstractBlock {

    private final Linear fc1;
    private final Linear fc2;

    ProjectionHead(int hidden, int size) {
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(size).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList hidden = fc1.forward(store, inputs, training);              // (B, hidden)
        hidden = new NDList(Activation.relu(hidden.singletonOrThrow()));
        return fc2.forward(store, hidden, training);                        // (B, P)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fc2.getOutputShapes(fc1.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
    }
}
