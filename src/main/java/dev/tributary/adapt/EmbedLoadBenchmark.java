package dev.tributary.adapt;

import dev.tributary.metrics.LoadObservations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for {@code POST /v1/embed} on loopback: requests are due at a
 * fixed rate whether or not earlier ones have been answered, and each is timed from the moment
 * it was due to its full response, so a slow response delays no later request's clock and
 * queueing shows up as latency rather than as a lower rate (no coordinated omission). Up to
 * {@code concurrency} requests are in flight; due ones wait in a queue for a free sender. The
 * version named by each response is noted, which gives swap times.
 */
public final class EmbedLoadBenchmark implements AutoCloseable {

    private static final String VERSION_FIELD = "\"version\":";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one timed window saw.
     *
     * @param latencyNanos due-to-response time of each successful request answered in it
     * @param sent requests due in the window
     * @param failed requests answered in the window with an error or a status other than 200
     * @param seconds the window's length
     */
    public record Window(long[] latencyNanos, long sent, long failed, double seconds) {
    }

    private final URI endpoint;
    private final List<byte[]> bodies;
    private final double rate;
    private final HttpClient http;
    private final ExecutorService senders;
    private final Thread scheduler;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LoadObservations observed = new LoadObservations();
    private volatile boolean stopped;

    /**
     * A generator that sends nothing until {@link #start()}.
     *
     * @param port the adapter service's port on 127.0.0.1
     * @param bodies JSON request bodies, sent in a loop
     * @param rate requests a second
     * @param concurrency most requests in flight at once
     */
    public EmbedLoadBenchmark(int port, List<byte[]> bodies, double rate, int concurrency) {
        if (bodies.isEmpty() || rate <= 0 || concurrency < 1) {
            throw new IllegalArgumentException("need bodies, a positive rate and concurrency");
        }
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/v1/embed");
        this.bodies = List.copyOf(bodies);
        this.rate = rate;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger count = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "bench-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler = new Thread(this::schedule, "bench-http-schedule");
        scheduler.setDaemon(true);
    }

    /** Starts sending. */
    public void start() {
        scheduler.start();
    }

    /**
     * Lets the load run for the warm-up, then records one window.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Window measure(Duration warmup, Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        observed.startWindow();
        long dueBefore = due.get();
        long failedBefore = failed.get();
        long began = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        long[] window = observed.drainLatencies();
        return new Window(window, due.get() - dueBefore, failed.get() - failedBefore,
                (System.nanoTime() - began) / 1e9);
    }

    /**
     * Waits until a response names the version (or a newer one).
     *
     * @return the {@link System#nanoTime()} of that response, or -1 when none came in time
     */
    public long awaitVersion(long version, Duration timeout) throws InterruptedException {
        return observed.awaitVersion(version, timeout);
    }

    private void schedule() {
        long start = System.nanoTime();
        long count = 0;
        while (!stopped) {
            long dueAt = start + (long) (count * 1e9 / rate);
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            byte[] body = bodies.get((int) (count % bodies.size()));
            senders.execute(() -> call(body, dueAt));
            due.incrementAndGet();
            count++;
        }
    }

    private void call(byte[] body, long dueAt) {
        if (stopped) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> response = http.send(request,
                    HttpResponse.BodyHandlers.ofByteArray());
            long answered = System.nanoTime();
            if (response.statusCode() != 200) {
                failed.incrementAndGet();
                return;
            }
            observed.observe(answered - dueAt, version(response.body()), answered);
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code version} of an embed response, found without parsing the whole vector. */
    private static long version(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(VERSION_FIELD);
        if (at < 0) {
            return -1;
        }
        int end = at + VERSION_FIELD.length();
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(at + VERSION_FIELD.length(), end));
    }

    /** Stops sending; requests in flight get up to 5 s to finish, then are abandoned. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (scheduler.isAlive()) {
            scheduler.join();
        }
        senders.shutdown(); // requests still queued return at once: they see stopped
        if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }
}
