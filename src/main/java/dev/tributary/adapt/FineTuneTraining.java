package dev.tributary.adapt;

import dev.tributary.model.AugmentationConfig;
import dev.tributary.model.ImageAugmenter;
import dev.tributary.model.ImageClassifier;
import dev.tributary.model.SoftmaxRegression;
import java.util.Random;

/**
 * The training of one job, linear probe first, then fine-tuning. A softmax regression is fitted
 * on the frozen encoder's representations of the training images, which gives the frozen-probe
 * accuracy on the held-out images that fine-tuning is measured against, and the head starts as
 * that probe: fine-tuning from a fitted head moves the encoder's features less than from a
 * random one, and starts at the probe's accuracy rather than at chance. Then encoder and head
 * train together with warm-up and cosine decay, the held-out accuracy measured every
 * {@code evalEvery} steps and after the last. With {@code augment}, each training image is a
 * mild random view of itself (a crop of 75 to 100 % of the area, resized back, and a flip half
 * the time), so that a few thousand examples do not simply get memorised; every class of
 * Fashion-MNIST keeps its label under a flip.
 */
final class FineTuneTraining {

    /** What the job is told as training goes, and asked whether to go on. */
    interface Progress {
        void frozenProbe(double heldOutAccuracy);

        void stepped(int step, float loss, long nanos);

        void evaluated(int step, double heldOutAccuracy);

        boolean cancelled();
    }

    private static final AugmentationConfig MILD = new AugmentationConfig(
            1f, 0.75f, 1f, 0.85f, 1.18f,
            0.5f,
            0f, 0f, 0f, 0f,
            0f, 0.1f, 1f,
            0f, 0f,
            0f, 0.02f, 0.2f, 0.3f, 3.3f, 0f);
    private static final int PROBE_ITERATIONS = 300;
    private static final double PROBE_L2 = 1e-3;

    private FineTuneTraining() {
    }

    /**
     * @return true when every step ran, false when cancelled first
     * @throws IllegalStateException when the loss stops being finite
     */
    static boolean run(ImageClassifier classifier, TrainingSet data, FineTuneRequest request,
            Progress progress) {
        progress.frozenProbe(startFromProbe(classifier, data));
        Random random = new Random(request.seed());
        int batch = Math.min(request.batchSize(), data.trainCount());
        int[] order = permutation(data.trainCount(), random);
        int next = 0;
        int size = data.spec().outputSize();
        ImageAugmenter augmenter = request.augment() ? new ImageAugmenter(MILD,
                data.spec().channels(), data.spec().height(), data.spec().width(),
                request.seed()) : null;
        for (int step = 1; step <= request.steps(); step++) {
            if (progress.cancelled()) {
                return false;
            }
            if (next + batch > order.length) {
                order = permutation(data.trainCount(), random);
                next = 0;
            }
            float[] pixels = new float[batch * size];                        // (B, C, H, W)
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                int row = order[next++];
                System.arraycopy(data.trainPixels(), row * size, pixels, i * size, size);
                labels[i] = data.trainLabels()[row];
            }
            if (augmenter != null) {
                pixels = augmenter.augment(pixels, batch);                   // (B, C, H, W)
            }
            double scale = schedule(step, request.steps());
            long began = System.nanoTime();
            float loss = classifier.step(pixels, labels,
                    (float) (request.encoderLearningRate() * scale),
                    (float) (request.learningRate() * scale));
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("the loss was " + loss + " at step " + step
                        + "; try a lower learning rate");
            }
            progress.stepped(step, loss, System.nanoTime() - began);
            if (step % request.evalEvery() == 0 || step == request.steps()) {
                progress.evaluated(step, heldOutAccuracy(classifier, data));
            }
        }
        return true;
    }

    /** Fits the probe, sets the head to it, and returns its held-out accuracy. */
    private static double startFromProbe(ImageClassifier classifier, TrainingSet data) {
        float[][] train = classifier.represent(data.trainPixels(), data.trainCount());  // (N, D)
        float[][] test = classifier.represent(data.heldOutPixels(), data.heldOutCount());
        SoftmaxRegression.Fitted probe = SoftmaxRegression.fit(train, data.trainLabels(),
                data.classes().size(), PROBE_L2, PROBE_ITERATIONS);
        setHead(classifier, probe);
        return probe.accuracy(test, data.heldOutLabels());
    }

    /**
     * The probe reads standardised features, (x - mean) / scale; folding the standardisation
     * into the weights gives the same logits from raw features: w' = w / scale and
     * b' = b - sum(w * mean / scale).
     */
    private static void setHead(ImageClassifier classifier, SoftmaxRegression.Fitted probe) {
        int k = probe.classes();
        int d = probe.mean().length;
        float[] weights = new float[k * d];                                   // (K, D)
        float[] bias = new float[k];
        for (int c = 0; c < k; c++) {
            double b = probe.weights()[c * (d + 1) + d];
            for (int j = 0; j < d; j++) {
                double w = probe.weights()[c * (d + 1) + j] / probe.scale()[j];
                weights[c * d + j] = (float) w;
                b -= w * probe.mean()[j];
            }
            bias[c] = (float) b;
        }
        classifier.setHead(weights, bias);
    }

    static double heldOutAccuracy(ImageClassifier classifier, TrainingSet data) {
        float[][] p = classifier.probabilities(data.heldOutPixels(), data.heldOutCount());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += argmax(p[i]) == data.heldOutLabels()[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            best = values[k] > values[best] ? k : best;
        }
        return best;
    }

    /** Linear warm-up over the first tenth of the steps, then cosine decay towards zero. */
    private static double schedule(int step, int steps) {
        int warmup = Math.max(1, steps / 10);
        if (step <= warmup) {
            return (double) step / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, steps - warmup);
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    private static int[] permutation(int count, Random random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
