package dev.tributary.checkpoint;

import dev.tributary.kafka.MessageLimits;
import dev.tributary.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model's checkpoints to the checkpoint topic, each in one Kafka transaction laid
 * out as {@link CheckpointRecords} describes.
 *
 * <p>Only one trainer per model may publish. The transactional id is fixed per model
 * ({@code tributary-trainer-<model>} unless overridden), and creating a publisher calls
 * {@code initTransactions}, which fences every older producer with that id: the zombie's next
 * publish throws {@link FencedException}, and its open transaction is aborted by the broker.
 * {@link #publish} and {@link #close} are synchronized, so threads may share a publisher.
 */
public final class CheckpointPublisher implements AutoCloseable, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final String model;
    private final String transactionalId;
    private final KafkaProducer<String, byte[]> producer;
    private final CommitVisibility visibility;
    private State state = State.OPEN;
    private long lastVersion = -1;
    private KafkaClientMetrics producerMetrics;

    private enum State { OPEN, FENCED, BROKEN, CLOSED }

    /** The transactional id of a model's trainer when none is given. */
    public static String defaultTransactionalId(String model) {
        return "tributary-trainer-" + ModelNames.require(model);
    }

    /**
     * A publisher with the model's default transactional id.
     *
     * @param producerProps client settings, such as {@code KafkaClients.producer()}
     * @param topic the checkpoint topic
     * @param model the model whose checkpoints this publisher writes
     * @throws CheckpointPublishException when transactions cannot be initialised
     */
    public CheckpointPublisher(Properties producerProps, String topic, String model)
            throws CheckpointPublishException {
        this(producerProps, topic, model, defaultTransactionalId(model));
    }

    /**
     * A publisher with an explicit transactional id, which must be the same for every
     * process that may publish this model.
     *
     * @throws CheckpointPublishException when transactions cannot be initialised
     */
    public CheckpointPublisher(Properties producerProps, String topic, String model,
            String transactionalId) throws CheckpointPublishException {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.model = ModelNames.require(model);
        this.transactionalId = Objects.requireNonNull(transactionalId, "transactionalId");
        this.producer = new KafkaProducer<>(settings(producerProps, transactionalId),
                new StringSerializer(), new ByteArraySerializer());
        this.visibility = new CommitVisibility(producerProps);
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            visibility.close();
            throw new CheckpointPublishException("Could not initialise transactions with id "
                    + transactionalId + " for checkpoints of " + model + " on " + topic + ": "
                    + e.getMessage(), false, e);
        }
        LOG.info("Checkpoint publisher for {} ready on {} (transactional id {})", model, topic,
                transactionalId);
    }

    private static Properties settings(Properties given, String transactionalId) {
        Properties props = new Properties();
        props.putAll(given);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // A chunk plus key and headers must fit in one request; plain properties default to 1 MiB.
        props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        return props;
    }

    /** Exports the producer's own metrics to the registry until this publisher is closed. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (producerMetrics == null && state != State.CLOSED) {
            producerMetrics = KafkaClientMeters.bind(registry, producer);
        }
    }

    /** The transactional id this publisher holds. */
    public String transactionalId() {
        return transactionalId;
    }

    /**
     * Writes the checkpoint's chunks and manifest in one transaction, commits it, and waits up
     * to 10 s until {@code read_committed} readers can see it, so that a reader started after
     * this returns finds the checkpoint. A commit still invisible then is logged at WARN and
     * reported as published: it is committed, and readers will see it once the broker has
     * written its markers.
     *
     * @throws IllegalArgumentException when the checkpoint belongs to another model, fails
     *     its own verification, or does not have a higher version than the last one published
     * @throws FencedException when a newer publisher took the transactional id
     * @throws CheckpointPublishException when Kafka failed; the transaction was aborted
     */
    public synchronized PublishResult publish(Checkpoint checkpoint)
            throws FencedException, CheckpointPublishException {
        requireOpen();
        requirePublishable(checkpoint);
        List<ProducerRecord<String, byte[]>> records = CheckpointRecords.of(topic, checkpoint);
        long began = System.nanoTime();
        // Set by the send callback, which runs before the commit (a flush) returns.
        AtomicLong manifestOffset = new AtomicLong(-1);
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> chunk : records.subList(0, records.size() - 1)) {
                producer.send(chunk);
            }
            producer.send(records.get(records.size() - 1), (metadata, error) -> {
                if (error == null) {
                    manifestOffset.set(metadata.offset());
                }
            });
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw failure(checkpoint, e);
        }
        awaitVisible(checkpoint, manifestOffset.get());
        lastVersion = checkpoint.version();
        return result(checkpoint, manifestOffset.get(), began);
    }

    /** Never throws: the transaction is committed, whatever happens while waiting. */
    private void awaitVisible(Checkpoint checkpoint, long manifestOffset) {
        TopicPartition partition = new TopicPartition(topic, CheckpointRecords.PARTITION);
        try {
            if (!visibility.await(partition, manifestOffset, VISIBILITY_TIMEOUT)) {
                LOG.warn("Checkpoint {} v{} committed but not yet readable after {} s", model,
                        checkpoint.version(), VISIBILITY_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireOpen() throws FencedException {
        if (state == State.FENCED) {
            // Stays a FencedException until closed, so a retrying trainer gets the same answer.
            throw new FencedException(fencedMessage(), null);
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("Checkpoint publisher for " + model + " is "
                    + state.name().toLowerCase(Locale.ROOT) + "; create a new one");
        }
    }

    private void requirePublishable(Checkpoint checkpoint) {
        if (!checkpoint.model().equals(model)) {
            throw new IllegalArgumentException("Publisher for " + model
                    + " cannot publish a checkpoint of " + checkpoint.model());
        }
        if (checkpoint.version() <= lastVersion) {
            throw new IllegalArgumentException("Checkpoint v" + checkpoint.version() + " of "
                    + model + " is not newer than v" + lastVersion + ", published before");
        }
        try {
            checkpoint.verify();
        } catch (InvalidCheckpointException e) {
            throw new IllegalArgumentException("Refusing to publish " + checkpoint + ": "
                    + e.getMessage(), e);
        }
    }

    private PublishResult result(Checkpoint checkpoint, long offset, long began) {
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        CheckpointManifest manifest = checkpoint.manifest();
        LOG.debug("Checkpoint {} v{} published at step {} with loss {}: {} bytes in {} chunks,"
                + " {} s", model, manifest.version(), manifest.step(),
                String.format(Locale.ROOT, "%.4f", manifest.metrics().loss()),
                manifest.weightBytes(), manifest.chunkCount(),
                String.format(Locale.ROOT, "%.2f", took.toNanos() / 1e9));
        return new PublishResult(manifest.version(), manifest.weightBytes(),
                manifest.chunkCount(), offset, took);
    }

    /**
     * Leaves the producer in a known state after a failure and returns the exception to throw,
     * or throws {@link FencedException} itself.
     */
    private CheckpointPublishException failure(Checkpoint checkpoint, KafkaException error)
            throws FencedException {
        String what = "checkpoint " + model + " v" + checkpoint.version() + " to " + topic;
        if (causedBy(error, ProducerFencedException.class, InvalidProducerEpochException.class)) {
            state = State.FENCED;
            producer.close(Duration.ZERO);
            LOG.warn("Fenced while publishing {}: {}", what, fencedMessage());
            throw new FencedException(fencedMessage(), error);
        }
        if (causedBy(error, OutOfOrderSequenceException.class, AuthorizationException.class,
                UnsupportedVersionException.class) || !abort()) {
            state = State.BROKEN;
            producer.close(Duration.ZERO);
            return new CheckpointPublishException("Could not publish " + what
                    + "; the producer is closed: " + error.getMessage(), false, error);
        }
        return new CheckpointPublishException("Could not publish " + what
                + "; its transaction was aborted: " + error.getMessage(), true, error);
    }

    /** Returns whether the transaction was aborted and the producer can go on. */
    private boolean abort() {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException e) {
            LOG.warn("Aborting the checkpoint transaction of {} failed: {}", model,
                    e.getMessage());
            return false;
        }
    }

    @SafeVarargs
    private static boolean causedBy(Throwable error, Class<? extends Throwable>... kinds) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> kind : kinds) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String fencedMessage() {
        return "Checkpoint publisher for " + model + " was fenced: a newer producer holds"
                + " transactional id " + transactionalId + ". Stop this trainer; another owns "
                + model;
    }

    /** Closes the producer, unless a failure closed it already; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        if (state == State.OPEN) {
            producer.close();
        }
        visibility.close();
        state = State.CLOSED;
    }
}
