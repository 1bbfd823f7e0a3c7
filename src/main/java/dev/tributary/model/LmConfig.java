package dev.tributary.model;


/**
 * Hyper-parameters of the decoder-only language model and of its optimiser.
 *
 * <p>{@link #description()} writes every component as a string into the checkpoint manifest and
 * {@link #from(ModelDescription)} rebuilds exactly the same configuration from it, so a
 * checkpoint alone is enough to rebuild the network that made it.
 *
 * @param vocabularySize token ids the model knows; must equal the tokenizer's
 *     {@link TextTokenizer#vocabularySize()}, or ids past the embedding fail the step
 * @param contextLength the most positions the model sees at once; a training batch of
 *     {@code (N, T)} tokens feeds {@code T - 1} of them, so {@code T} may be one longer
 * @param layers transformer blocks stacked between the embeddings and the output head
 * @param width features per position (the embedding size), a multiple of {@code heads}
 * @param heads attention heads per block; each reads {@code width / heads} features
 * @param mlpRatio the feed-forward hidden layer is {@code mlpRatio * width} wide
 * @param schedule learning rate per step: warm-up, then a decay that never reaches zero
 * @param weightDecay decoupled AdamW weight decay on the matrices (embeddings and linear
 *     weights); biases and LayerNorm parameters are never decayed
 * @param clipNorm the global L2 norm of all gradients is scaled down to this when larger
 * @param initStd standard deviation of the normal distribution every matrix starts from
 * @param paddingId the token id that fills sequences up and is never predicted
 * @param seed seeds the initial weights, so the same configuration starts from the same model
 */
public record LmConfig(int vocabularySize, int contextLength, int layers, int width, int heads,
        int mlpRatio, LearningRateSchedule schedule, float weightDecay, float clipNorm,
        float initStd, int paddingId, long seed) {

    /** The value of {@link ModelDescription#kind()} for this model. */
    public static final String KIND = "lm";

    /** Checks that the shapes fit together. */
    public LmConfig {
        requirePositive(vocabularySize, "vocabularySize");
        requirePositive(contextLength, "contextLength");
        requirePositive(layers, "layers");
        requirePositive(width, "width");
        requirePositive(heads, "heads");
        requirePositive(mlpRatio, "mlpRatio");
        if (width % heads != 0) {
            throw new IllegalArgumentException(
                    "width " + width + " is not a multiple of heads " + heads);
        }
        if (paddingId < 0 || paddingId >= vocabularySize) {
            throw new IllegalArgumentException("paddingId " + paddingId + " is not below "
                    + "vocabularySize " + vocabularySize);
        }
        if (!(weightDecay >= 0) || !(clipNorm > 0) || !(initStd > 0)) {
            throw new IllegalArgumentException("weightDecay must not be negative, clipNorm "
                    + "and initStd must be positive");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be set");
        }
    }

    /**
     * The defaults: 4,096 tokens, 64 positions, 2 blocks of width 128 with 4 heads and a 4x MLP,
     * peak rate 1e-3 after 200 warm-up steps decaying towards 1e-4, weight decay 0.1, clipping
     * at norm 1, initial weights N(0, 0.02), padding id 1, seed 42.
     */
    public static LmConfig defaults() {
        return new LmConfig(BpeTrainerConfig.DEFAULT_VOCAB_SIZE, 64, 2, 128, 4, 4,
                new LearningRateSchedule(1e-3f, 200, 2000, 1e-4f), 0.1f, 1.0f, 0.02f,
                BpeVocabulary.PADDING_ID, 42);
    }

    /** This configuration for a tokenizer with another vocabulary size. */
    public LmConfig withVocabularySize(int size) {
        return new LmConfig(size, contextLength, layers, width, heads, mlpRatio, schedule,
                weightDecay, clipNorm, initStd, paddingId, seed);
    }

    /** This configuration with another network size; optimiser settings are kept. */
    public LmConfig withShape(int context, int blocks, int features, int attentionHeads) {
        return new LmConfig(vocabularySize, context, blocks, features, attentionHeads, mlpRatio,
                schedule, weightDecay, clipNorm, initStd, paddingId, seed);
    }

    /** This configuration with another learning-rate schedule. */
    public LmConfig withSchedule(LearningRateSchedule rates) {
        return new LmConfig(vocabularySize, contextLength, layers, width, heads, mlpRatio, rates,
                weightDecay, clipNorm, initStd, paddingId, seed);
    }

    /** This configuration with another seed for the initial weights. */
    public LmConfig withSeed(long initialSeed) {
        return new LmConfig(vocabularySize, contextLength, layers, width, heads, mlpRatio,
                schedule, weightDecay, clipNorm, initStd, paddingId, initialSeed);
    }

    /** Features each attention head reads. */
    public int headSize() {
        return width / heads;
    }

    /** Trainable parameters; the output head shares the token embedding and adds none. */
    public long parameterCount() {
        long c = width;
        long hidden = (long) mlpRatio * width;
        long attention = c * 3 * c + 3 * c + c * c + c;
        long feedForward = c * hidden + hidden + hidden * c + c;
        long norms = 2 * 2 * c;
        return (long) vocabularySize * c + (long) contextLength * c
                + layers * (attention + feedForward + norms) + 2 * c;
    }

    /**
     * Floating-point operations to train on one token (forward and backward), counted the usual
     * way: 6 per parameter that multiplies (every one but the position embeddings, whose lookup
     * costs nothing; the token embedding counts because it is also the output head), plus
     * {@code 12 * layers * width * contextLength} for the attention scores and their use.
     * A batch of shorter sequences does slightly less attention work than this says.
     */
    public long flopsPerToken() {
        long multiplying = parameterCount() - (long) contextLength * width;
        return 6 * multiplying + 12L * layers * width * contextLength;
    }

    /** Kind {@value #KIND} and every component as a string, named as the components are. */
    public ModelDescription description() {
        return new ModelDescription(KIND, RecordStrings.write(this));
    }

    /**
     * Rebuilds the configuration that {@link #description()} wrote, exactly.
     *
     * @throws IllegalArgumentException if the kind is not {@value #KIND} or a value is missing,
     *     unknown or unreadable, naming it
     */
    public static LmConfig from(ModelDescription description) {
        if (!KIND.equals(description.kind())) {
            throw new IllegalArgumentException(
                    "not a language model description: kind " + description.kind());
        }
        return RecordStrings.read(LmConfig.class, description.hyperParameters());
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
