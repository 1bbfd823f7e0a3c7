package dev.tributary.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for long-running commands: the signal interrupts the command's thread and
 * waits, for a bounded time, until the command says it has shut down cleanly.
 */
final class ShutdownSignal {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Installs the hook for the calling thread, which is interrupted on a signal. */
    static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Thread worker = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.requested.countDown();
            worker.interrupt();
            try {
                signal.finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tributary-shutdown"));
        return signal;
    }

    /** Waits until a signal arrives or the time is up; true when a signal arrived. */
    boolean await(Duration timeout) {
        try {
            return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Tells the hook that everything is closed, so the JVM may exit. */
    void finished() {
        finished.countDown();
    }
}
