package dev.tributary.eval;

import dev.tributary.checkpoint.Checkpoint;

/**
 * Which checkpoint a block of figures is about.
 *
 * @param model the model's name
 * @param version the checkpoint's version
 * @param step training steps the weights had taken
 */
public record EvaluatedCheckpoint(String model, long version, long step) {

    static EvaluatedCheckpoint of(Checkpoint checkpoint) {
        return new EvaluatedCheckpoint(checkpoint.model(), checkpoint.version(),
                checkpoint.manifest().step());
    }
}
