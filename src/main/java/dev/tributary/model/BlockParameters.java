package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable dotted names for the parameters of a DJL block tree, and copies of their values in and
 * out as {@link NamedTensor}s.
 *
 * <p>DJL prefixes every child with its position ({@code 01c_attn}) and joins levels with
 * underscores; here the position is dropped, levels are joined with dots and LayerNorm's
 * {@code gamma}/{@code beta} are called {@code weight}/{@code bias}, which gives the names
 * PyTorch gives the same modules ({@code h.0.attn.c_attn.weight}). A checkpoint's safetensors
 * file therefore loads by name into the PyTorch twin of a network.
 */
final class BlockParameters {

    private BlockParameters() {
    }

    /** Every parameter of the tree, in DJL's order: a block's own, then its children's. */
    static Map<String, Parameter> named(Block root) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect(root, "", named);
        return named;
    }

    /** Copies every parameter's current values out of the engine. */
    static List<NamedTensor> copy(Map<String, Parameter> parameters) {
        List<NamedTensor> tensors = new ArrayList<>(parameters.size());
        parameters.forEach((name, parameter) -> {
            NDArray array = parameter.getArray();
            tensors.add(new NamedTensor(name, array.getShape().getShape(), array.toFloatArray()));
        });
        return tensors;
    }

    /**
     * Overwrites every parameter with the tensor of the same name. Everything is checked before
     * anything is written, so a mismatch leaves the parameters as they were.
     *
     * @throws IllegalArgumentException naming the first missing, unknown or mismatched tensor
     */
    static void load(Map<String, Parameter> parameters, List<NamedTensor> tensors) {
        Map<String, NamedTensor> byName = new HashMap<>();
        for (NamedTensor tensor : tensors) {
            if (!parameters.containsKey(tensor.name())) {
                throw new IllegalArgumentException("unknown parameter " + tensor.name());
            }
            byName.put(tensor.name(), tensor);
        }
        parameters.forEach((name, parameter) -> {
            NamedTensor tensor = byName.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("missing parameter " + name);
            }
            long[] expected = parameter.getArray().getShape().getShape();
            if (!Arrays.equals(expected, tensor.shape())) {
                throw new IllegalArgumentException(name + " has shape "
                        + Arrays.toString(tensor.shape()) + ", the model needs "
                        + Arrays.toString(expected));
            }
        });
        parameters.forEach((name, parameter) ->
                parameter.getArray().set(FloatBuffer.wrap(byName.get(name).values())));
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> into) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            into.put(prefix + torchName(parameter.getKey()), parameter.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            String name = child.getKey().replaceFirst("^\\d+", "");
            collect(child.getValue(), prefix + name + ".", into);
        }
    }

    private static String torchName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            default -> djlName;
        };
    }
}
