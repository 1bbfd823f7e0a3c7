package dev.tributary.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tributary.data.Batch;
import dev.tributary.data.DType;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the {@link TransformerLm} on next-token prediction: each row of an int32 {@code (N, T)}
 * batch gives {@code T - 1} inputs and the same positions shifted by one as targets, and the
 * loss is the mean cross-entropy over the targets that are not padding.
 *
 * <p>A step runs forward, loss and backward, clips the gradients to the configured global norm
 * and makes one AdamW update at the schedule's rate for the step count. A non-finite loss or
 * gradient makes no update, is not counted, and is reported as skipped.
 *
 * <p>PyTorch lets only one gradient collector record at a time in a process, so two learners
 * (this one and an image learner, say) must not step at the same moment on different threads.
 *
 * <p>At the default size a step on 32 x 64 tokens took about 85 ms here with two intra-op
 * threads (24,000 tokens a second) and 160 ms with one; but when other busy processes share
 * the cores, two threads made the same step up to ten times slower than one, because every
 * operation waits for both threads to be scheduled ({@code ai.djl.pytorch.num_threads}).
 */
public final class LmLearner implements Learner<LmLearner.Tokens> {

    private static final Logger LOG = LoggerFactory.getLogger(LmLearner.class);

    private final LmConfig config;
    private final Engine engine;
    private final NDManager manager;
    private final TransformerLm network;
    private final Map<String, Parameter> parameters;
    private final ParameterStore store;
    private final AdamWOptimizer optimizer;
    private long stepCount;

    /** A learner with the configuration's initial weights, on the PyTorch engine's CPU. */
    public LmLearner(LmConfig config) {
        this.config = config;
        this.engine = Engines.pytorch();
        this.manager = engine.newBaseManager();
        try {
            this.network = TransformerLm.create(config, manager);
            this.parameters = BlockParameters.named(network);
            this.optimizer = new AdamWOptimizer(
                    parameters.values().stream().map(Parameter::getArray).toList(),
                    config.weightDecay());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    /**
     * A batch ready for a step: inputs and targets {@code (rows, columns)}, row-major, and a
     * mask that is 1 where the target is a token to predict and 0 where it is padding.
     *
     * @param inputs token ids fed to the model, int64 as the engine's lookups want them
     * @param targets the next token at each input position
     * @param mask 1 for a target that counts, 0 for padding
     * @param rows sequences in the batch
     * @param columns positions per sequence, one fewer than the batch's tokens per row
     * @param predicted the number of ones in the mask
     */
    public record Tokens(long[] inputs, long[] targets, float[] mask, int rows, int columns,
            long predicted) {

        /** Checks that the arrays hold {@code rows * columns} values each. */
        public Tokens {
            int size = Math.multiplyExact(rows, columns);
            if (inputs.length != size || targets.length != size || mask.length != size) {
                throw new IllegalArgumentException("tokens need " + size + " values per array");
            }
        }
    }

    /**
     * Splits an int32 {@code (N, T)} batch into inputs and shifted targets and masks the padding
     * targets; pure Java.
     *
     * @throws IllegalArgumentException if the batch is not int32 of rank two, has fewer than two
     *     or more than {@code contextLength + 1} tokens a row, or holds an id outside the
     *     vocabulary
     */
    @Override
    public Tokens prepare(Batch batch) {
        int[] shape = batch.shape();
        if (batch.dtype() != DType.INT32 || shape.length != 2) {
            throw new IllegalArgumentException("a text batch is int32 (N, T), got " + batch);
        }
        int rows = shape[0];
        int columns = shape[1] - 1;
        if (columns < 1 || columns > config.contextLength()) {
            throw new IllegalArgumentException("a text batch needs 2 to "
                    + (config.contextLength() + 1) + " tokens a row, got " + shape[1]);
        }
        int[] ids = batch.ints();
        long[] inputs = new long[rows * columns];
        long[] targets = new long[rows * columns];
        float[] mask = new float[rows * columns];
        long predicted = 0;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                int at = row * columns + column;
                inputs[at] = checkedId(ids[row * shape[1] + column]);
                targets[at] = checkedId(ids[row * shape[1] + column + 1]);
                if (targets[at] != config.paddingId()) {
                    mask[at] = 1f;
                    predicted++;
                }
            }
        }
        return new Tokens(inputs, targets, mask, rows, columns, predicted);
    }

    /**
     * One training step. A batch with nothing to predict (all padding) is skipped like a
     * non-finite one, with a NaN loss.
     */
    @Override
    public StepResult step(Tokens tokens) {
        float rate = config.schedule().rate(stepCount);
        if (tokens.predicted() == 0) {
            return new StepResult(Float.NaN, 0f, rate, tokens.rows(), 0, true);
        }
        try (NDManager scope = manager.newSubManager()) {
            float loss;
            try (GradientCollector collector = GradientCollectors.open(engine)) {
                NDArray lossArray = meanLoss(scope, tokens, true);
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
            float norm = optimizer.gradientNorm(scope);
            if (!Float.isFinite(loss) || !Float.isFinite(norm)) {
                optimizer.discard();
                LOG.debug("Skipped step {}: loss {}, gradient norm {}", stepCount, loss, norm);
                return new StepResult(loss, norm, rate, tokens.rows(), tokens.predicted(), true);
            }
            float scale = norm > config.clipNorm() ? config.clipNorm() / norm : 1f;
            optimizer.apply(rate, scale);
            stepCount++;
            return new StepResult(loss, norm, rate, tokens.rows(), tokens.predicted(), false);
        }
    }

    /** The mean cross-entropy of a batch without gradients or an update, e.g. held-out loss. */
    public float evaluate(Tokens tokens) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = manager.newSubManager()) {
            return meanLoss(scope, tokens, false).getFloat();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    private NDArray meanLoss(NDManager scope, Tokens tokens, boolean training) {
        Shape shape = new Shape(tokens.rows(), tokens.columns());
        NDArray inputs = scope.create(tokens.inputs(), shape); // (B, T)
        NDArray targets = scope.create(tokens.targets(), shape); // (B, T)
        NDArray mask = scope.create(tokens.mask(), shape); // (B, T)

        NDArray logits = network.forward(store, new NDList(inputs), training).head(); // (B, T, V)
        return NextTokenLoss.mean(logits, targets, mask, tokens.predicted());
    }

    private long checkedId(int id) {
        if (id < 0 || id >= config.vocabularySize()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                    + config.vocabularySize());
        }
        return id;
    }

    @Override
    public long stepCount() {
        return stepCount;
    }

    /** Every parameter, named as PyTorch names the same modules (see {@link BlockParameters}). */
    @Override
    public List<NamedTensor> weights() {
        return BlockParameters.copy(parameters);
    }

    /** Loads the weights, zeroes the optimiser's moments and places the schedule at the step. */
    @Override
    public void load(List<NamedTensor> weights, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must not be negative: " + steps);
        }
        BlockParameters.load(parameters, weights);
        optimizer.reset();
        stepCount = steps;
    }

    @Override
    public ModelDescription description() {
        return config.description();
    }

    public LmConfig config() {
        return config;
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
