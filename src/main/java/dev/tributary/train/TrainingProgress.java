package dev.tributary.train;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import dev.tributary.model.StepResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one model's training has got: the stream position, what it has seen, the recent
 * figures, and when the next checkpoint is due. Everything a checkpoint manifest records, kept
 * in one place so the manifest and the stream position can never disagree.
 */
final class TrainingProgress {

    /** Weight of the newest step in the running averages: about the last 50 steps. */
    private static final double SMOOTHING = 0.02;

    private final String model;
    private final ModelDescription description;
    private final String tokenizerJson;
    private final Map<TopicPartition, Long> nextOffsets =
            new TreeMap<>(Comparator.comparing(TopicPartition::toString));

    private long version;
    private long samplesSeen;
    private long tokensSeen;
    private int stepsSinceCheckpoint;
    private long intervalStartNanos = System.nanoTime();
    private double loss = Double.NaN;
    private double samplesPerSecond;
    private StepResult last;
    private long lastStepNanos;

    TrainingProgress(String model, ModelDescription description, String tokenizerJson) {
        this.model = model;
        this.description = description;
        this.tokenizerJson = tokenizerJson;
    }

    /** Starts over from a checkpoint's position and counts, or from nothing. */
    void restore(Optional<CheckpointManifest> checkpoint) {
        nextOffsets.clear();
        version = 0;
        samplesSeen = 0;
        tokensSeen = 0;
        checkpoint.ifPresent(manifest -> {
            nextOffsets.putAll(manifest.inputOffsets());
            version = manifest.version();
            samplesSeen = manifest.samplesSeen();
            tokensSeen = manifest.tokensSeen();
        });
        loss = Double.NaN;
        last = null;
        lastStepNanos = 0;
        restartInterval();
    }

    /** The record at this offset is done with, trained or passed over. */
    void consumed(TopicPartition partition, long offset) {
        nextOffsets.put(partition, offset + 1);
    }

    void trained(StepResult result) {
        samplesSeen += result.samples();
        tokensSeen += result.tokens();
        stepsSinceCheckpoint++;
        loss = Double.isNaN(loss) ? result.loss() : loss + SMOOTHING * (result.loss() - loss);
        long now = System.nanoTime();
        if (lastStepNanos != 0) {
            double rate = result.samples() / Math.max(1e-9, (now - lastStepNanos) / 1e9);
            samplesPerSecond = samplesPerSecond == 0 ? rate
                    : samplesPerSecond + SMOOTHING * (rate - samplesPerSecond);
        }
        lastStepNanos = now;
        last = result;
    }

    boolean isCheckpointDue(TrainerConfig config) {
        return stepsSinceCheckpoint >= config.checkpointEverySteps()
                || stepsSinceCheckpoint > 0 && System.nanoTime() - intervalStartNanos
                        >= config.checkpointEvery().toNanos();
    }

    /**
     * The next version's checkpoint of these weights, at this position. Needs a trained step
     * since the last restore, whose figures are finite.
     */
    Checkpoint checkpoint(long step, List<NamedTensor> weights) {
        TrainingMetrics recent = new TrainingMetrics(loss, last.learningRate(),
                last.gradientNorm(), samplesPerSecond);
        return Checkpoint.builder(model, version + 1).step(step)
                .samplesSeen(samplesSeen).tokensSeen(tokensSeen).createdAt(Instant.now())
                .description(description).metrics(recent).inputOffsets(nextOffsets)
                .tokenizerJson(tokenizerJson).build(weights);
    }

    void checkpointed(long newVersion) {
        version = newVersion;
        restartInterval();
    }

    void restartInterval() {
        stepsSinceCheckpoint = 0;
        intervalStartNanos = System.nanoTime();
    }

    String tokenizerJson() {
        return tokenizerJson;
    }

    long version() {
        return version;
    }

    int stepsSinceCheckpoint() {
        return stepsSinceCheckpoint;
    }

    /** Loss averaged over about the last 50 steps; NaN before the first. */
    double recentLoss() {
        return loss;
    }

    Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }
}
