package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-running command, as {@code tributary <args>} would run it, on a thread of the test
 * JVM. Closing it interrupts the thread, which a command takes for Ctrl-C, and waits for the
 * command to shut down.
 */
final class RunningCommand implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final String name;
    private final Thread thread;
    private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);

    private RunningCommand(List<String> args) {
        this.name = args.get(0);
        this.thread = new Thread(() -> exitCode.set(
                Main.commandLine().execute(args.toArray(String[]::new))), "command-" + name);
        thread.setDaemon(true);
    }

    static RunningCommand start(List<String> args) {
        RunningCommand command = new RunningCommand(args);
        command.thread.start();
        return command;
    }

    /** Whether the command is still running; one that failed to start has returned. */
    boolean isRunning() {
        return thread.isAlive();
    }

    String describe() {
        return name + (thread.isAlive() ? " running" : " exited with " + exitCode.get());
    }

    /** Stops the command as Ctrl-C would and expects it to exit with 0. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(STOP_TIMEOUT.toMillis());
        assertThat(thread.isAlive()).as("%s still running %s after the interrupt", name,
                STOP_TIMEOUT).isFalse();
        assertThat(exitCode.get()).as("exit code of %s", name).isZero();
    }
}
