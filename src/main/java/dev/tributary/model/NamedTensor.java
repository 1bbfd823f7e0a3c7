package dev.tributary.model;

import java.util.Arrays;

/**
 * A model parameter copied out of the engine: its stable name, shape and float32 values in
 * row-major order. Checkpoints are lists of these, written as safetensors.
 *
 * @param name dotted parameter name, stable across runs of the same model configuration
 * @param shape dimensions, outermost first
 * @param values the elements, row-major; length is the product of the shape
 */
public record NamedTensor(String name, long[] shape, float[] values) {

    public NamedTensor {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape)
                    + " holds " + count + " values, got " + values.length);
        }
    }

    /** True when no value is NaN or infinite. */
    public boolean isFinite() {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedTensor that && name.equals(that.name)
                && Arrays.equals(shape, that.shape) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
