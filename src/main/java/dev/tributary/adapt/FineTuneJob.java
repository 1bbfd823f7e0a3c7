package dev.tributary.adapt;

import dev.tributary.data.ImageSpec;
import dev.tributary.model.ImageClassifier;
import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fine-tuning job: the checkpoint weights it copied when accepted, its data and settings,
 * and once it has succeeded the fine-tuned classifier, which answers predictions until the
 * job is closed. Runs once, on the jobs' executor; status and predictions are read from request
 * threads. The training data are let go when the run ends, the classifier when the job closes.
 */
final class FineTuneJob implements Runnable, AutoCloseable {

    /** Told of each step's duration and of the job's end. */
    interface Listener {
        void stepped(long nanos);

        void finished(FineTuneJob job);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FineTuneJob.class);

    private final String id;
    private final FineTuneRequest request;
    private final long version;
    private final ModelDescription description;
    private final List<String> labels;
    private final int trainExamples;
    private final int heldOutExamples;
    private final ImageSpec spec;
    private final SourceReport source;
    private final Listener listener;
    private final AtomicReference<FineTuneState> state =
            new AtomicReference<>(FineTuneState.QUEUED);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private List<NamedTensor> weights;
    private TrainingSet data;
    private ImageClassifier classifier;
    private boolean closed;
    private volatile String reason;
    private volatile int step;
    private volatile Float loss;
    private volatile Double accuracy;
    private volatile Double best;
    private volatile Double frozenProbe;
    private volatile long startedNanos;
    private volatile long endedNanos;

    FineTuneJob(String id, FineTuneRequest request, long version, ModelDescription description,
            List<NamedTensor> weights, TrainingSet data, Listener listener) {
        this.id = id;
        this.request = request;
        this.version = version;
        this.description = description;
        this.weights = weights;
        this.data = data;
        this.labels = data.classes();
        this.trainExamples = data.trainCount();
        this.heldOutExamples = data.heldOutCount();
        this.spec = data.spec();
        this.source = data.report();
        this.listener = listener;
    }

    String id() {
        return id;
    }

    String name() {
        return request.name();
    }

    FineTuneState state() {
        return state.get();
    }

    List<String> labels() {
        return labels;
    }

    ImageSpec spec() {
        return spec;
    }

    long version() {
        return version;
    }

    /** The latest held-out accuracy, NaN before the first evaluation. */
    double accuracy() {
        Double latest = accuracy;
        return latest == null ? Double.NaN : latest;
    }

    @Override
    public void run() {
        if (!state.compareAndSet(FineTuneState.QUEUED, FineTuneState.RUNNING)) {
            return; // cancelled while queued
        }
        startedNanos = System.nanoTime();
        LOG.info("Fine-tuning job {} ({}) started from {} v{}: {} steps on {} examples of {} "
                + "classes", id, request.name(), request.model(), version, request.steps(),
                trainExamples, labels.size());
        ImageClassifier trained = null;
        try {
            trained = new ImageClassifier(description, weights, labels.size());
            boolean complete = FineTuneTraining.run(trained, data, request, progress());
            if (complete) {
                keep(trained);
                trained = null;
            }
            end(complete ? FineTuneState.SUCCEEDED : FineTuneState.CANCELLED, null);
        } catch (RuntimeException e) {
            LOG.warn("Fine-tuning job {} failed at step {}", id, step, e);
            end(FineTuneState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (trained != null) {
                trained.close();
            }
        }
    }

    private FineTuneTraining.Progress progress() {
        return new FineTuneTraining.Progress() {
            @Override
            public void frozenProbe(double heldOutAccuracy) {
                frozenProbe = heldOutAccuracy;
            }

            @Override
            public void stepped(int done, float value, long nanos) {
                step = done;
                loss = value;
                listener.stepped(nanos);
            }

            @Override
            public void evaluated(int done, double heldOutAccuracy) {
                accuracy = heldOutAccuracy;
                best = best == null ? heldOutAccuracy : Math.max(best, heldOutAccuracy);
                LOG.debug("Job {} step {}: loss {}, held-out accuracy {}", id, done, loss,
                        heldOutAccuracy);
            }

            @Override
            public boolean cancelled() {
                return cancelled.get() || Thread.currentThread().isInterrupted();
            }
        };
    }

    private synchronized void keep(ImageClassifier trained) {
        if (closed) {
            trained.close();
        } else {
            classifier = trained;
        }
    }

    private void end(FineTuneState last, String why) {
        reason = why;
        endedNanos = System.nanoTime();
        state.set(last);
        synchronized (this) {
            data = null;
            weights = null;
        }
        LOG.info("Fine-tuning job {} {} after {} of {} steps in {} ms: held-out accuracy {} "
                + "(frozen probe {})", id, last.field(), step, request.steps(),
                elapsedMillis(), accuracy, frozenProbe);
        listener.finished(this);
    }

    /**
     * Asks the job to stop: a queued job ends now, a running one before its next step.
     *
     * @return true when it was queued and has ended here
     */
    boolean cancel() {
        cancelled.set(true);
        if (state.compareAndSet(FineTuneState.QUEUED, FineTuneState.CANCELLED)) {
            end(FineTuneState.CANCELLED, null);
            return true;
        }
        return false;
    }

    /**
     * Class probabilities (N, K) of decoded images of {@link #spec()}'s shape.
     *
     * @throws ProblemException 409 until the job has succeeded, 404 once it is closed
     */
    synchronized float[][] predict(List<byte[]> images) {
        if (closed) {
            throw new ProblemException(ProblemType.NOT_FOUND, "fine-tuning job " + id
                    + " has been forgotten");
        }
        if (classifier == null) {
            throw new ProblemException(ProblemType.JOB_NOT_READY, "fine-tuning job " + id
                    + " is " + state().field() + "; it predicts once it has succeeded");
        }
        int size = spec.outputSize();
        float[] pixels = new float[images.size() * size];                   // (N, C, H, W)
        for (int n = 0; n < images.size(); n++) {
            byte[] planes = images.get(n);
            for (int i = 0; i < size; i++) {
                pixels[n * size + i] = (planes[i] & 0xff) / 255f;
            }
        }
        return classifier.probabilities(pixels, images.size());
    }

    FineTuneStatus status() {
        return new FineTuneStatus(id, request.name(), request.model(), version,
                state().field(), reason, step, request.steps(), loss, accuracy, best,
                frozenProbe, labels, trainExamples, heldOutExamples, elapsedMillis(), source,
                FineTuneRoutes.PATH + "/" + id);
    }

    private long elapsedMillis() {
        long started = startedNanos;
        if (started == 0) {
            return 0;
        }
        long ended = endedNanos;
        return ((ended == 0 ? System.nanoTime() : ended) - started) / 1_000_000;
    }

    /** Frees the fine-tuned model; a running job's model is freed when its run ends. */
    @Override
    public synchronized void close() {
        closed = true;
        cancelled.set(true);
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
    }
}
