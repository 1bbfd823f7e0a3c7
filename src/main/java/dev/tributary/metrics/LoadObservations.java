package dev.tributary.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a load generator saw of the answers to its load: the latency of each, and when each
 * checkpoint version was first named by one. Safe to record from one thread while another
 * reads windows and waits for versions.
 */
public final class LoadObservations {

    private final Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();

    /**
     * One answer, made by checkpoint {@code version}, that took {@code latencyNanos} and came
     * at {@code atNanos} ({@link System#nanoTime()}).
     */
    public void observe(long latencyNanos, long version, long atNanos) {
        latencies.add(latencyNanos);
        firstSeen.putIfAbsent(version, atNanos);
    }

    /** Forgets the latencies seen so far, so that the next {@link #drainLatencies} is a window. */
    public void startWindow() {
        latencies.clear();
    }

    /** The latencies, in nanoseconds, seen since the window started; they are forgotten. */
    public long[] drainLatencies() {
        long[] drained = new long[latencies.size()];
        int count = 0;
        for (Long value = latencies.poll(); value != null && count < drained.length;
                value = latencies.poll()) {
            drained[count++] = value;
        }
        return Arrays.copyOf(drained, count);
    }

    /**
     * Waits until an answer names the version or a newer one.
     *
     * @return the {@link System#nanoTime()} of the first such answer, or -1 when none came in
     *     time
     * @throws InterruptedException when interrupted while waiting
     */
    public long awaitVersion(long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long seen = firstSeen.entrySet().stream().filter(e -> e.getKey() >= version)
                    .mapToLong(Map.Entry::getValue).min().orElse(-1);
            if (seen >= 0) {
                return seen;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return -1;
    }
}
