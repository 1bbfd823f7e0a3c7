package dev.tributary.adapt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The fine-tuning jobs of the service. One runs at a time, on a thread of its own, since
 * training takes the machine's cores and DJL's one gradient collector; up to
 * {@code queueCapacity} more wait, and a job beyond that is refused with 429 rather than
 * queued without bound. Jobs live in memory: a restart forgets them. Finished jobs are kept, with
 * their models, up to {@code keptJobs}; the oldest finished one beyond that is forgotten and its
 * model freed.
 *
 * <p>Meters: {@code tributary.adapt.finetune.jobs} (gauge, tag {@code state}: jobs held in each
 * state), {@code tributary.adapt.finetune.accuracy} (gauge, tags {@code job} and {@code name}:
 * the latest held-out accuracy, NaN before the first evaluation; removed with the job) and
 * {@code tributary.adapt.finetune.step.time} (timer).
 */
final class FineTuneJobs implements AutoCloseable, FineTuneJob.Listener {

    private final Map<String, FineTuneJob> jobs = new LinkedHashMap<>();
    private final Map<String, Gauge> accuracyGauges = new LinkedHashMap<>();
    private final ThreadPoolExecutor executor;
    private final int keptJobs;
    private final MeterRegistry registry;
    private final Timer stepTime;

    FineTuneJobs(int queueCapacity, int keptJobs, MeterRegistry registry) {
        this.keptJobs = keptJobs;
        this.registry = registry;
        BlockingQueue<Runnable> queue = queueCapacity == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, task -> {
            Thread thread = new Thread(task, "adapter-finetune");
            thread.setDaemon(true);
            return thread;
        });
        for (FineTuneState state : FineTuneState.values()) {
            Gauge.builder("tributary.adapt.finetune.jobs", this, all -> all.count(state))
                    .tag("state", state.field()).description("Fine-tuning jobs held, by state")
                    .register(registry);
        }
        this.stepTime = Timer.builder("tributary.adapt.finetune.step.time")
                .description("Time of one fine-tuning step").register(registry);
    }

    /** A fresh job id. */
    static String newId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Queues the job.
     *
     * @throws ProblemException 429 when a job runs and the queue is full
     */
    void submit(FineTuneJob job) {
        synchronized (this) {
            jobs.put(job.id(), job);
        }
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                jobs.remove(job.id());
            }
            job.close();
            throw new ProblemException(ProblemType.TOO_MANY_JOBS, "a fine-tuning job is running "
                    + "and " + executor.getQueue().size() + " are queued, the most this service "
                    + "holds; retry when one has finished, or cancel one");
        }
        synchronized (this) {
            accuracyGauges.put(job.id(), Gauge.builder("tributary.adapt.finetune.accuracy", job,
                    FineTuneJob::accuracy).tag("job", job.id()).tag("name", job.name())
                    .description("Latest held-out accuracy of the fine-tuning job")
                    .register(registry));
        }
    }

    Optional<FineTuneJob> find(String id) {
        synchronized (this) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Every job held, oldest first. */
    synchronized List<FineTuneJob> list() {
        return new ArrayList<>(jobs.values());
    }

    /** Cancels the job; a queued one also leaves the queue, freeing its place. */
    void cancel(FineTuneJob job) {
        if (job.cancel()) {
            executor.remove(job);
        }
    }

    @Override
    public void stepped(long nanos) {
        stepTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void finished(FineTuneJob job) {
        List<FineTuneJob> forgotten = new ArrayList<>();
        synchronized (this) {
            List<FineTuneJob> finished = jobs.values().stream()
                    .filter(j -> j.state().finished()).toList();
            for (int i = 0; i < finished.size() - keptJobs; i++) {
                FineTuneJob old = finished.get(i);
                jobs.remove(old.id());
                Gauge gauge = accuracyGauges.remove(old.id());
                if (gauge != null) {
                    registry.remove(gauge);
                }
                forgotten.add(old);
            }
        }
        forgotten.forEach(FineTuneJob::close);
    }

    private synchronized double count(FineTuneState state) {
        return jobs.values().stream().filter(job -> job.state() == state).count();
    }

    /** Cancels every job, waits up to 10 s for the running one to stop, frees every model. */
    @Override
    public void close() {
        list().forEach(this::cancel);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        list().forEach(FineTuneJob::close);
    }
}
