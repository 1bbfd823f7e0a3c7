package dev.tributary.checkpoint;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads verified checkpoints from the checkpoint topic: once, with {@link #latest}, or
 * continuously, with {@link #follow}. Every read uses its own consumer without a group,
 * assigned to the whole topic from the beginning with {@code isolation.level=read_committed},
 * so aborted or fenced transactions are never seen. Incomplete or corrupt versions are logged
 * at WARN with their reason, counted, and never returned.
 *
 * <p>Reading starts at the beginning of the topic because a checkpoint's chunks come before
 * its manifest; the topic's size-bounded retention bounds how much that is.
 */
public final class CheckpointReader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties clientProps;
    private final String topic;
    private final MeterRegistry registry;
    private final CheckpointReadMetrics metrics;
    private final long maxBufferedBytes;

    /**
     * A reader buffering up to {@link CheckpointAssembler#DEFAULT_MAX_BUFFERED_BYTES}.
     *
     * @param clientProps client settings such as bootstrap servers and security; a group id,
     *     if present, is ignored
     * @param topic the checkpoint topic
     * @param registry where the read counters and the meters of the reading consumers go
     */
    public CheckpointReader(Properties clientProps, String topic, MeterRegistry registry) {
        this(clientProps, topic, registry, CheckpointAssembler.DEFAULT_MAX_BUFFERED_BYTES);
    }

    /**
     * A reader with its own cap on buffered chunk bytes, which must exceed the largest
     * checkpoint's weights (see {@link CheckpointAssembler}).
     */
    public CheckpointReader(Properties clientProps, String topic, MeterRegistry registry,
            long maxBufferedBytes) {
        this.clientProps = new Properties();
        this.clientProps.putAll(clientProps);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = new CheckpointReadMetrics(registry);
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /**
     * Reads the topic up to its end at the time of the call and returns the verified
     * checkpoint of the model with the highest version. A checkpoint committed while the
     * read is under way may be included or not.
     *
     * @return empty when the model has no verified checkpoint on the topic
     * @throws TimeoutException when the end is not reached within the timeout
     * @throws IllegalStateException when the topic does not exist
     */
    public Optional<Checkpoint> latest(String model, Duration timeout) {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        ModelAssembly assembly = new ModelAssembly(model, maxBufferedBytes, metrics);
        Checkpoint newest = null;
        try (CheckpointTopicConsumer reading =
                CheckpointTopicConsumer.open(clientProps, topic, timeout, registry)) {
            while (!reading.reachedOpeningEnd()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Reading checkpoints of " + model + " from "
                            + topic + " took over " + timeout.toMillis() + " ms; read "
                            + reading.progress());
                }
                for (ConsumerRecord<String, byte[]> record : reading.consumer().poll(POLL)) {
                    newest = newer(newest, assembly.accept(record));
                }
            }
        }
        logLatest(model, newest, began);
        return Optional.ofNullable(newest);
    }

    /** The one of the two with the higher version; a later equal version wins. */
    static Checkpoint newer(Checkpoint newest, Optional<AssemblyResult> result) {
        if (result.isPresent() && result.get() instanceof AssemblyResult.Verified verified
                && (newest == null || verified.checkpoint().version() >= newest.version())) {
            return verified.checkpoint();
        }
        return newest;
    }

    private void logLatest(String model, Checkpoint newest, long began) {
        long ms = (System.nanoTime() - began) / 1_000_000;
        if (newest == null) {
            LOG.info("No verified checkpoint of {} on {} (read in {} ms)", model, topic, ms);
        } else {
            LOG.info("Newest verified checkpoint of {} on {} is v{} at step {} (read in {} ms)",
                    model, topic, newest.version(), newest.manifest().step(), ms);
        }
    }

    /**
     * Follows the topic on a thread of its own. It first reads up to the end offsets at the
     * time of the call and hands the newest verified checkpoint found there, if its version
     * exceeds {@code afterVersion}; from then on it hands every verified checkpoint whose
     * version exceeds the last one handed, as it arrives. Rejected versions newer than the
     * last one handed go to {@code onRejected}; older ones are only logged and counted.
     * Callbacks run on the follower's thread; an exception from one is logged and the
     * follower goes on.
     *
     * @param afterVersion the version already in use, or -1 for none
     * @param onVerified receives each newly verified checkpoint, in increasing versions
     * @param onRejected receives each rejected new version with its reason
     * @return the running follower; close it to stop
     * @throws IllegalStateException when the topic does not exist
     */
    public CheckpointFollower follow(String model, long afterVersion,
            Consumer<Checkpoint> onVerified, Consumer<CheckpointRejection> onRejected) {
        ModelAssembly assembly = new ModelAssembly(model, maxBufferedBytes, metrics);
        // Opened here, not on the follower's thread, so that every checkpoint committed after
        // this call returns lies beyond the recorded end and is handed on its own.
        CheckpointTopicConsumer reading =
                CheckpointTopicConsumer.open(clientProps, topic, Duration.ofSeconds(30), registry);
        return CheckpointFollower.start(model, afterVersion, reading, assembly,
                Objects.requireNonNull(onVerified, "onVerified"),
                Objects.requireNonNull(onRejected, "onRejected"));
    }
}
