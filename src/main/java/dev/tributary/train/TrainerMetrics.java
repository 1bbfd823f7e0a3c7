package dev.tributary.train;

import dev.tributary.model.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Meters of one model's trainer, tagged {@code model=<name>}. */
public final class TrainerMetrics {

    private final MeterRegistry registry;
    private final Timer stepTime;
    private final Counter steps;
    private final Counter skipped;
    private final Counter samples;
    private final Counter tokens;
    private final Timer publishTime;
    private final DistributionSummary checkpointBytes;
    private final Counter rollbacks;
    private final Counter invalidBatches;
    private volatile double loss = Double.NaN;
    private volatile double learningRate;
    private volatile double gradientNorm;
    private volatile double samplesPerSecond;
    private volatile double tokensPerSecond;
    private volatile double replayFill;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private volatile double lastPublishEpochSeconds;

    public TrainerMetrics(MeterRegistry registry, String model) {
        this.registry = registry;
        stepTime = Timer.builder("tributary.train.step.time").tag("model", model)
                .description("Time of one training step").register(registry);
        steps = counter(registry, "tributary.train.steps", model, "Training steps taken");
        skipped = counter(registry, "tributary.train.steps.skipped", model,
                "Steps skipped for a non-finite loss or gradient");
        samples = counter(registry, "tributary.train.samples", model,
                "Samples trained on, replayed ones included");
        tokens = counter(registry, "tributary.train.tokens", model, "Tokens predicted");
        rollbacks = counter(registry, "tributary.train.rollbacks", model,
                "Returns to the last good checkpoint after repeated non-finite steps");
        invalidBatches = counter(registry, "tributary.train.batches.invalid", model,
                "Batch records passed over because they could not be read or prepared");
        publishTime = Timer.builder("tributary.checkpoint.publish.time").tag("model", model)
                .description("Time to publish a checkpoint").register(registry);
        checkpointBytes = DistributionSummary.builder("tributary.checkpoint.size")
                .baseUnit("bytes").tag("model", model).description("Checkpoint weight bytes")
                .register(registry);
        gauge(registry, "tributary.train.loss", model, "Loss of the latest step", () -> loss);
        gauge(registry, "tributary.train.learning.rate", model, "Learning rate",
                () -> learningRate);
        gauge(registry, "tributary.train.gradient.norm", model, "Gradient norm before clipping",
                () -> gradientNorm);
        gauge(registry, "tributary.train.samples.per.second", model, "Training throughput",
                () -> samplesPerSecond);
        gauge(registry, "tributary.train.tokens.per.second", model, "Training throughput",
                () -> tokensPerSecond);
        gauge(registry, "tributary.train.replay.fill", model, "Replay buffer fill, 0 to 1",
                () -> replayFill);
        gauge(registry, "tributary.train.consumer.lag", model,
                "Batch records behind the end of the batch topic", lag::get);
        gauge(registry, "tributary.checkpoint.version", model, "Latest published version",
                version::get);
        gauge(registry, "tributary.checkpoint.last.publish.time", model,
                "Unix time of the latest publish, in seconds", () -> lastPublishEpochSeconds);
    }

    /** Where the trainer's Kafka clients export their own metrics. */
    MeterRegistry registry() {
        return registry;
    }

    void stepTaken(StepResult result, Duration took) {
        stepTime.record(took);
        if (result.skipped()) {
            skipped.increment();
            return;
        }
        steps.increment();
        samples.increment(result.samples());
        tokens.increment(result.tokens());
        loss = result.loss();
        learningRate = result.learningRate();
        gradientNorm = result.gradientNorm();
        double seconds = Math.max(1e-9, took.toNanos() / 1e9);
        samplesPerSecond = result.samples() / seconds;
        tokensPerSecond = result.tokens() / seconds;
    }

    void replayFill(double fill) {
        replayFill = fill;
    }

    void lag(long records) {
        lag.set(records);
    }

    void invalidBatch() {
        invalidBatches.increment();
    }

    void rolledBack() {
        rollbacks.increment();
    }

    void published(long newVersion, long bytes, Duration took) {
        version.set(newVersion);
        publishTime.record(took);
        checkpointBytes.record(bytes);
        lastPublishEpochSeconds = System.currentTimeMillis() / 1000.0;
    }

    public double loss() {
        return loss;
    }

    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    public long version() {
        return version.get();
    }

    public double steps() {
        return steps.count();
    }

    public double skippedSteps() {
        return skipped.count();
    }

    private static Counter counter(MeterRegistry registry, String name, String model,
            String description) {
        return Counter.builder(name).tag("model", model).description(description)
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String model,
            String description, Supplier<Number> value) {
        Gauge.builder(name, value).tag("model", model).description(description)
                .register(registry);
    }
}
