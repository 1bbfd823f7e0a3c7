package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SimCLR network of a {@link SimClrConfig}, encoder and projection head, with its
 * parameters under stable dotted names. Both {@link SimClrLearner} and {@link ImageEmbedder}
 * build their network here, so a checkpoint written by one loads into the other.
 *
 * <p>Names follow the block tree and PyTorch's conventions, e.g.
 * {@code encoder.stage1.block1.conv1.weight}, {@code encoder.stem.bn.running_mean},
 * {@code head.fc2.bias}, so the weights load into the equivalent PyTorch module
 * ({@code bench/simclr_step.py}). Batch-norm running statistics are parameters too: they are
 * part of the weights and of every checkpoint.
 */
final class SimClrNetwork {

    /** DJL's parameter names on the left, PyTorch's on the right. */
    private static final Map<String, String> TORCH_NAMES = Map.of(
            "weight", "weight", "bias", "bias", "gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    private final SimClrConfig config;
    private final NDManager manager;
    private final ResidualEncoder encoder;
    private final ProjectionHead head;
    private final Map<String, Parameter> parameters;

    private SimClrNetwork(SimClrConfig config, NDManager manager, ResidualEncoder encoder,
            ProjectionHead head) {
        this.config = config;
        this.manager = manager;
        this.encoder = encoder;
        this.head = head;
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect("encoder.", encoder, named);
        collect("head.", head, named);
        this.parameters = named;
    }

    /** Builds the network with freshly initialised parameters held by {@code manager}. */
    static SimClrNetwork create(SimClrConfig config, NDManager manager) {
        ResidualEncoder encoder = new ResidualEncoder(config);
        ProjectionHead head = new ProjectionHead(config.projectionHidden(),
                config.projectionSize());
        HeInitializer initializer = new HeInitializer(config.seed());
        encoder.setInitializer(initializer, Parameter.Type.WEIGHT);
        head.setInitializer(initializer, Parameter.Type.WEIGHT);
        Shape image = new Shape(1, config.channels(), config.height(), config.width());
        encoder.initialize(manager, DataType.FLOAT32, image);
        head.initialize(manager, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {image}));
        return new SimClrNetwork(config, manager, encoder, head);
    }

    SimClrConfig config() {
        return config;
    }

    /** Representations of images (B, C, H, W) as (B, D); batch statistics when training. */
    NDArray represent(ParameterStore store, NDArray images, boolean training) {
        return encoder.forward(store, new NDList(images), training).singletonOrThrow();
    }

    /**
     * Representations of {@code count} images (N, C, H, W) in inference mode: batch norm uses
     * its running statistics, so each image's vector is independent of the others in the call.
     * Runs in a sub-manager of its own, which frees every intermediate.
     */
    float[][] embed(float[] pixels, int count) {
        Shape shape = new Shape(count, config.channels(), config.height(), config.width());
        if (count < 1 || pixels.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape + " = " + shape.size()
                    + " pixels, got " + pixels.length);
        }
        int size = config.representationSize();
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = scope.create(pixels, shape);                     // (N, C, H, W)
            float[] flat = represent(new ParameterStore(scope, false), images, false)
                    .toFloatArray();                                           // (N, D)
            float[][] vectors = new float[count][];
            for (int i = 0; i < count; i++) {
                vectors[i] = Arrays.copyOfRange(flat, i * size, (i + 1) * size);
            }
            return vectors;
        }
    }

    /** Projections (B, P) of representations (B, D), where the loss is computed. */
    NDArray project(ParameterStore store, NDArray representations, boolean training) {
        return head.forward(store, new NDList(representations), training).singletonOrThrow();
    }

    /** Every parameter by name, in a stable order: encoder first, then head. */
    Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Stops gradient tracking of every parameter, for inference only. There is no way back:
     * DJL's unfreeze would make the batch-norm running statistics require gradients too.
     */
    void freeze() {
        encoder.freezeParameters(true);
        head.freezeParameters(true);
    }

    /** A copy of every parameter, running statistics included. */
    List<NamedTensor> weights() {
        List<NamedTensor> weights = new ArrayList<>(parameters.size());
        parameters.forEach((name, parameter) -> {
            NDArray array = parameter.getArray();
            weights.add(new NamedTensor(name, array.getShape().getShape(), array.toFloatArray()));
        });
        return weights;
    }

    /**
     * Copies the given values into the parameters, which keep their identity (and so their
     * gradient tracking).
     *
     * @throws IllegalArgumentException naming the first missing, unknown or mismatched tensor;
     *     nothing is changed then
     */
    void load(List<NamedTensor> weights) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        for (NamedTensor tensor : weights) {
            if (!parameters.containsKey(tensor.name())) {
                throw new IllegalArgumentException("unknown parameter " + tensor.name());
            }
            byName.put(tensor.name(), tensor);
        }
        parameters.forEach((name, parameter) -> {
            NamedTensor tensor = byName.get(name);
            long[] shape = parameter.getArray().getShape().getShape();
            if (tensor == null) {
                throw new IllegalArgumentException("missing parameter " + name);
            }
            if (!Arrays.equals(shape, tensor.shape())) {
                throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape)
                        + ", got " + Arrays.toString(tensor.shape()));
            }
        });
        parameters.forEach((name, parameter) ->
                parameter.getArray().set(FloatBuffer.wrap(byName.get(name).values())));
    }

    /** Walks the block tree; DJL prefixes child names with two digits of position. */
    private static void collect(String prefix, Block block, Map<String, Parameter> out) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            String name = TORCH_NAMES.get(parameter.getKey());
            if (name == null) {
                throw new IllegalStateException("no name for parameter " + parameter.getKey());
            }
            out.put(prefix + name, parameter.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(prefix + child.getKey().substring(2) + ".", child.getValue(), out);
        }
    }
}
