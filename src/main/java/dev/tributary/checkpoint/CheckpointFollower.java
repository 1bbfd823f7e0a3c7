package dev.tributary.checkpoint;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that keeps reading the checkpoint topic and hands each newly verified checkpoint of
 * one model to a listener; made by {@link CheckpointReader#follow}. Closing it stops the thread
 * and closes its consumer. When Kafka fails in a way the consumer cannot recover from, the
 * thread logs the error and ends; {@link #failure()} then says why.
 */
public final class CheckpointFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String model;
    private final CheckpointTopicConsumer reading;
    private final ModelAssembly assembly;
    private final Consumer<Checkpoint> onVerified;
    private final Consumer<CheckpointRejection> onRejected;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long lastVersion;
    private volatile Throwable failure;
    private Checkpoint backlogNewest;

    private CheckpointFollower(String model, long afterVersion, CheckpointTopicConsumer reading,
            ModelAssembly assembly, Consumer<Checkpoint> onVerified,
            Consumer<CheckpointRejection> onRejected) {
        this.model = model;
        this.lastVersion = afterVersion;
        this.reading = reading;
        this.assembly = assembly;
        this.onVerified = onVerified;
        this.onRejected = onRejected;
        this.thread = new Thread(this::run, "checkpoint-follower-" + model);
        thread.setDaemon(true);
    }

    static CheckpointFollower start(String model, long afterVersion,
            CheckpointTopicConsumer reading, ModelAssembly assembly,
            Consumer<Checkpoint> onVerified, Consumer<CheckpointRejection> onRejected) {
        CheckpointFollower follower = new CheckpointFollower(model, afterVersion, reading,
                assembly, onVerified, onRejected);
        follower.thread.start();
        return follower;
    }

    /** The version of the last checkpoint handed, or the starting version when none was. */
    public long lastVersion() {
        return lastVersion;
    }

    /** Whether the backlog present when following began has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the thread ended on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        LOG.info("Following checkpoints of {} {}", model,
                lastVersion < 0 ? "from the first version" : "after v" + lastVersion);
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : reading.consumer().poll(POLL)) {
                    // A record committed after following began ends the backlog, even when it
                    // comes in the same poll as the backlog's last records.
                    if (!caughtUp && !reading.inBacklog(record)) {
                        finishBacklog();
                    }
                    Optional<AssemblyResult> result = assembly.accept(record);
                    if (caughtUp) {
                        result.ifPresent(this::handle);
                    } else {
                        result.ifPresent(this::passOnRejection);
                        backlogNewest = CheckpointReader.newer(backlogNewest, result);
                    }
                }
                if (!caughtUp && reading.reachedOpeningEnd()) {
                    finishBacklog();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop; anything else would have left running set.
            if (running) {
                failed(e);
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            reading.close();
        }
    }

    /** Hands the newest verified checkpoint of the backlog, then hands each one as it comes. */
    private void finishBacklog() {
        caughtUp = true;
        if (backlogNewest != null) {
            handle(new AssemblyResult.Verified(backlogNewest));
            backlogNewest = null;
        }
    }

    private void handle(AssemblyResult result) {
        if (result instanceof AssemblyResult.Verified verified) {
            Checkpoint checkpoint = verified.checkpoint();
            if (checkpoint.version() > lastVersion) {
                lastVersion = checkpoint.version();
                LOG.info("Checkpoint {} v{} verified; handing it to the listener", model,
                        checkpoint.version());
                call(onVerified, checkpoint);
            }
        } else {
            passOnRejection(result);
        }
    }

    private void passOnRejection(AssemblyResult result) {
        if (result instanceof AssemblyResult.Rejected rejected
                && rejected.rejection().version() > lastVersion) {
            call(onRejected, rejected.rejection());
        }
    }

    private <T> void call(Consumer<T> callback, T value) {
        try {
            callback.accept(value);
        } catch (RuntimeException e) {
            LOG.error("Checkpoint callback for {} failed on {}", model, value, e);
        }
    }

    private void failed(RuntimeException e) {
        failure = e;
        LOG.error("Following checkpoints of {} stopped: {}", model, e.getMessage(), e);
    }

    /** Stops the thread, waiting up to 30 s for it, and closes its consumer. */
    @Override
    public void close() {
        running = false;
        reading.consumer().wakeup();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Checkpoint follower of {} did not stop within {} s", model,
                    STOP_TIMEOUT.toSeconds());
        }
    }
}
