package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * He (Kaiming) normal initialisation for weights followed by ReLU: mean 0, standard deviation
 * sqrt(2 / fan-in), where fan-in is the product of all dimensions but the first (input
 * channels times kernel area for a convolution, inputs for a linear layer).
 *
 * <p>Values come from a Java random sequence rather than the engine's global generator, so the
 * same seed gives the same network whatever else the process has drawn.
 */
final class HeInitializer implements Initializer {

    private final SplittableRandom random;

    HeInitializer(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = shape.size() / shape.get(0);
        double std = Math.sqrt(2.0 / fanIn);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
