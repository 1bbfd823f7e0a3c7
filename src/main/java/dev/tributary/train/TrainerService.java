package dev.tributary.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trainers, one thread each, and stops them together. Closing asks every trainer to
 * publish what it trained since its last checkpoint and waits for it, for a bounded time.
 */
public final class TrainerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final List<ModelTrainer<?>> trainers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Starts a trainer on a thread of its own. */
    public void start(String model, ModelTrainer<?> trainer) {
        Thread thread = new Thread(trainer, "train-" + model);
        thread.setUncaughtExceptionHandler((t, e) -> {
            log.error("Trainer for {} stopped: {}", model, e.getMessage(), e);
            failure.compareAndSet(null, e);
        });
        trainers.add(trainer);
        threads.add(thread);
        thread.start();
    }

    /** The first error that stopped a trainer, if any did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        trainers.forEach(ModelTrainer::close);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} s", thread.getName(),
                        STOP_TIMEOUT.toSeconds());
            }
        }
    }
}
