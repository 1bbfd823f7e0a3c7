package dev.tributary.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gradient collectors that take turns. DJL's PyTorch engine allows one collector per process
 * at a time and fails the second; with these, learners stepping on different threads (the
 * image and text trainers of one process, say) wait for each other instead. Only the forward
 * and backward passes are serialised; clipping and the update run outside.
 */
public final class GradientCollectors {

    /** Fair, so neither model's steps can starve the other's. */
    private static final ReentrantLock TURN = new ReentrantLock(true);

    private GradientCollectors() {
    }

    /** A collector of the engine, once no other thread holds one; close it to pass the turn. */
    public static GradientCollector open(Engine engine) {
        TURN.lock();
        try {
            return new Turn(engine.newGradientCollector());
        } catch (RuntimeException e) {
            TURN.unlock();
            throw e;
        }
    }

    /** Holds the turn for as long as the engine's collector is open. */
    private record Turn(GradientCollector collector) implements GradientCollector {

        @Override
        public void backward(NDArray target) {
            collector.backward(target);
        }

        @Override
        public void zeroGradients() {
            collector.zeroGradients();
        }

        @Override
        public void close() {
            try {
                collector.close();
            } finally {
                TURN.unlock();
            }
        }
    }
}
