package dev.tributary.train;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointPublishException;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.checkpoint.FencedException;
import dev.tributary.checkpoint.PublishResult;
import dev.tributary.data.Batch;
import dev.tributary.metrics.KafkaClientMeters;
import dev.tributary.model.Learner;
import dev.tributary.model.NamedTensor;
import dev.tributary.model.StepResult;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model from its batch topic, forever. Trainers of the same model share a consumer
 * group on the batch topic, so one trains and the others stand by; the one that trains
 * publishes under a fixed transactional id, which fences a trainer that lost its partition
 * without knowing it yet (after a long pause, say).
 *
 * <p>Offsets live in the checkpoint: on taking the partition the trainer loads the newest
 * valid checkpoint and seeks to the offsets it names, so model and stream position always
 * agree. Batches fetched but not yet trained when it stops are read again by the next trainer;
 * batches trained after the last checkpoint are trained again, which a crash cannot avoid and
 * which leaves the published checkpoints consistent.
 */
public final class ModelTrainer<P> implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final Learner<P> learner;
    private final TrainerConfig config;
    private final TrainerEnvironment environment;
    private final TrainerMetrics metrics;
    private final ReplayBuffer replay;
    private final ExecutorService preparer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaClientMetrics consumerMetrics;
    private final Deque<Pending<P>> pending = new ArrayDeque<>();
    private final TrainingProgress progress;

    private volatile boolean stopped;
    private CheckpointPublisher publisher;
    private int consecutiveSkips;

    /** A batch being prepared on the background thread, with where it came from. */
    private record Pending<P>(TopicPartition partition, long offset, Future<P> input) {
    }

    /**
     * @param learner the model and its optimiser; the caller closes it after the trainer
     * @param tokenizerJson the tokenizer the model's input was encoded with, written into every
     *     checkpoint; null for models without one
     */
    public ModelTrainer(Learner<P> learner, TrainerConfig config, TrainerEnvironment environment,
            TrainerMetrics metrics, String tokenizerJson) {
        this.learner = learner;
        this.config = config;
        this.environment = environment;
        this.metrics = metrics;
        this.replay = new ReplayBuffer(config.replayCapacity(), config.replayFraction(),
                config.seed());
        this.preparer = Executors.newSingleThreadExecutor(r -> new Thread(r,
                "prepare-" + config.model()));
        this.consumer = environment.batchConsumer(config.model());
        this.consumerMetrics = KafkaClientMeters.bind(metrics.registry(), consumer);
        this.progress = new TrainingProgress(config.model(), learner.description(),
                tokenizerJson);
    }

    /** Trains until {@link #close()}; a standby until the group gives it the partition. */
    @Override
    public void run() {
        consumer.subscribe(List.of(config.batchTopic()), new Assignment());
        log.info("Trainer for {} started on {} (group {}); waiting for batches", config.model(),
                config.batchTopic(), environment.groupId(config.model()));
        try {
            while (!stopped) {
                trainOnce();
            }
            checkpointIfTrained();
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            release();
            consumerMetrics.close();
            consumer.close();
            preparer.shutdownNow();
        }
    }

    /** Asks the trainer to stop; it publishes what it trained since the last checkpoint. */
    @Override
    public void close() {
        stopped = true;
    }

    /**
     * Fetches what the prefetch allows, trains one batch and checkpoints when it is time. A
     * standby polls too, which keeps it in the group; the poll that hands it the partition
     * already returns records, so they are kept like any others.
     */
    private void trainOnce() {
        Collection<TopicPartition> partitions = consumer.assignment();
        if (pending.size() < config.prefetch()) {
            consumer.resume(partitions);
        } else {
            consumer.pause(partitions); // backpressure: the broker keeps what we cannot train yet
        }
        Duration wait = pending.isEmpty() ? IDLE_POLL : Duration.ZERO;
        ConsumerRecords<String, byte[]> records = consumer.poll(wait);
        if (publisher == null) {
            return; // standing by, or the poll revoked the partition
        }
        records.forEach(this::enqueue);
        metrics.lag(lag(consumer.assignment()));
        if (!pending.isEmpty()) {
            train(pending.poll());
        }
        if (progress.isCheckpointDue(config)) {
            checkpoint();
        }
    }

    private void enqueue(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Batch batch;
        try {
            batch = Batch.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            log.error("{}: record {} of {} is not a batch, passing over it: {}", config.model(),
                    record.offset(), partition, e.getMessage());
            metrics.invalidBatch();
            progress.consumed(partition, record.offset());
            return;
        }
        Batch mixed = replay.mix(batch);
        metrics.replayFill(replay.fill());
        pending.add(new Pending<>(partition, record.offset(),
                preparer.submit(() -> learner.prepare(mixed))));
    }

    private void train(Pending<P> next) {
        P input = await(next);
        if (input == null) {
            progress.consumed(next.partition(), next.offset());
            return;
        }
        long start = System.nanoTime();
        StepResult result = learner.step(input);
        metrics.stepTaken(result, Duration.ofNanos(System.nanoTime() - start));
        progress.consumed(next.partition(), next.offset());
        if (result.skipped()) {
            onSkipped(next, result);
            return;
        }
        consecutiveSkips = 0;
        progress.trained(result);
        log.debug("{} step {}: loss {} lr {} grad norm {} ({} samples)", config.model(),
                learner.stepCount(), result.loss(), result.learningRate(), result.gradientNorm(),
                result.samples());
    }

    /** The prepared input, or null when preparing failed (logged, and the batch passed over). */
    private P await(Pending<P> next) {
        try {
            return next.input().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } catch (ExecutionException e) {
            log.error("{}: batch {}@{} could not be prepared, passing over it: {}",
                    config.model(), next.partition(), next.offset(), e.getCause().toString());
            metrics.invalidBatch();
            return null;
        }
    }

    private void onSkipped(Pending<P> skipped, StepResult result) {
        if (consecutiveSkips++ == 0) {
            log.warn("{}: skipped the step on batch {}@{} at step {}: loss {}, gradient norm {}",
                    config.model(), skipped.partition(), skipped.offset(), learner.stepCount(),
                    result.loss(), result.gradientNorm());
        }
        if (consecutiveSkips >= config.rollbackAfter()) {
            rollBack();
        }
    }

    /**
     * Returns the weights to the newest valid checkpoint. The stream position stays where it
     * is: reading the same batches again would repeat whatever made the steps fail.
     */
    private void rollBack() {
        Optional<Checkpoint> good = environment.newestCheckpoint(config.model());
        log.warn("{}: {} non-finite steps in a row; rolling back to {}", config.model(),
                consecutiveSkips, good.map(c -> "checkpoint v" + c.manifest().version())
                        .orElse("the initial weights' successor: none saved yet, keeping them"));
        good.ifPresent(c -> learner.load(c.tensors(), c.manifest().step()));
        consecutiveSkips = 0;
        metrics.rolledBack();
    }

    private void checkpointIfTrained() {
        if (publisher != null && progress.stepsSinceCheckpoint() > 0) {
            checkpoint();
        }
    }

    /** Publishes the weights with the offsets they were trained up to, then keeps a copy. */
    private void checkpoint() {
        List<NamedTensor> weights = learner.weights();
        if (!weights.stream().allMatch(NamedTensor::isFinite)) {
            log.error("{}: weights are not finite at step {}; not publishing", config.model(),
                    learner.stepCount());
            rollBack();
            progress.restartInterval();
            return;
        }
        Checkpoint checkpoint = progress.checkpoint(learner.stepCount(), weights);
        try {
            PublishResult result = publisher.publish(checkpoint);
            progress.checkpointed(result.version());
            metrics.published(result.version(), result.weightBytes(), result.duration());
            log.info("Checkpoint {} v{} published at step {} with loss {} in {} s ({} KB)",
                    config.model(), result.version(), learner.stepCount(),
                    String.format("%.3f", progress.recentLoss()),
                    String.format("%.2f", result.duration().toMillis() / 1000.0),
                    result.weightBytes() / 1024);
        } catch (FencedException e) {
            log.warn("{}: another trainer has taken over this model; standing by",
                    config.model());
            standBy();
            return;
        } catch (CheckpointPublishException e) {
            log.error("{}: checkpoint v{} not published, trying again later: {}",
                    config.model(), checkpoint.version(), e.getMessage());
            progress.restartInterval();
            if (!e.publisherUsable()) {
                standBy(); // the group hands the partition back with a fresh publisher
            }
            return;
        }
        saveLocalCopy(checkpoint);
    }

    /** The topic has the checkpoint already; a local copy only spares a read at restart. */
    private void saveLocalCopy(Checkpoint checkpoint) {
        try {
            environment.store().save(checkpoint);
        } catch (IOException e) {
            log.warn("{}: local copy of v{} not saved: {}", config.model(),
                    checkpoint.version(), e.getMessage());
        }
    }

    /** Leaves and rejoins the group, so the trainer that fenced this one keeps the partition. */
    private void standBy() {
        release();
        consumer.unsubscribe();
        consumer.subscribe(List.of(config.batchTopic()), new Assignment());
    }

    /** Takes the partitions: fences older trainers, restores the newest checkpoint, seeks. */
    private void activate(Collection<TopicPartition> partitions) {
        try {
            publisher = environment.publisher(config.model());
            publisher.bindTo(metrics.registry());
        } catch (CheckpointPublishException e) {
            throw new IllegalStateException(config.model() + ": cannot publish checkpoints: "
                    + e.getMessage(), e);
        }
        Optional<Checkpoint> resume = environment.newestCheckpoint(config.model());
        resume.ifPresent(checkpoint -> Resumption.restore(learner, checkpoint,
                progress.tokenizerJson()));
        progress.restore(resume.map(Checkpoint::manifest));
        for (TopicPartition partition : partitions) {
            Long offset = progress.nextOffsets().get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
        log.info("{}: training on {} from {}", config.model(), partitions,
                resume.map(c -> "checkpoint v" + c.manifest().version() + " (step "
                        + c.manifest().step() + ", offsets " + progress.nextOffsets() + ")")
                        .orElse("scratch: no checkpoint yet, reading from the beginning"));
    }

    /** Drops everything fetched but not trained and gives up the right to publish. */
    private void release() {
        pending.forEach(p -> p.input().cancel(true));
        pending.clear();
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }

    private long lag(Collection<TopicPartition> partitions) {
        long total = pending.size();
        for (TopicPartition partition : partitions) {
            total += consumer.currentLag(partition).orElse(0);
        }
        return total;
    }

    /** Joins the training and the group's decisions about who trains. */
    private final class Assignment implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                activate(consumer.assignment());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && publisher != null) {
                checkpointIfTrained();
                log.info("{}: partitions {} revoked; standing by", config.model(), partitions);
                release();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            log.warn("{}: partitions {} lost; standing by without publishing", config.model(),
                    partitions);
            release();
        }
    }

    /** For tests: how far training has got. */
    Map<TopicPartition, Long> nextOffsets() {
        return progress.nextOffsets();
    }
}
