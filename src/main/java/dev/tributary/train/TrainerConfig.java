package dev.tributary.train;

import java.time.Duration;

/**
 * How a trainer runs, whatever its model.
 *
 * @param model the model name: key of its batches and of its checkpoints
 * @param batchTopic the topic its batches arrive on
 * @param checkpointEverySteps publish a checkpoint after this many steps ...
 * @param checkpointEvery ... or after this much time with at least one step, whichever first
 * @param replayCapacity rows the replay buffer holds; 0 turns replay off
 * @param replayFraction replayed rows appended per new row
 * @param prefetch batches prepared ahead of the step; beyond it the consumer pauses
 * @param rollbackAfter consecutive non-finite steps that send the model back to its last
 *     good checkpoint
 * @param seed seed of replay sampling and augmentation
 */
public record TrainerConfig(String model, String batchTopic, int checkpointEverySteps,
        Duration checkpointEvery, int replayCapacity, double replayFraction, int prefetch,
        int rollbackAfter, long seed) {

    public TrainerConfig {
        if (checkpointEverySteps < 1 || prefetch < 1 || rollbackAfter < 1) {
            throw new IllegalArgumentException(
                    "checkpoint interval, prefetch and rollback threshold must be at least 1");
        }
    }

    /** Checkpoints every 500 steps or 2 minutes, replay of 4,096 rows at 0.25, prefetch 2. */
    public static TrainerConfig defaults(String model, String batchTopic) {
        return new TrainerConfig(model, batchTopic, 500, Duration.ofMinutes(2), 4096, 0.25, 2,
                5, 42);
    }
}
