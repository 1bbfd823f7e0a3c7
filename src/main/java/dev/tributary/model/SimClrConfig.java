package dev.tributary.model;

import java.util.List;
import java.util.Map;

/**
 * Everything that defines a SimCLR image model and its training: the input shape, a small
 * residual CNN encoder, the projection head, the NT-Xent loss, AdamW and the augmentations.
 *
 * <p>The encoder is a 3x3 stem convolution at full resolution, then one stage per entry of
 * {@code stageWidths}; each stage's first residual block halves the height and width with a
 * stride-2 convolution. Global average pooling gives the representation, of size
 * {@link #representationSize()}, which is what downstream services embed with. The projection
 * head (linear, ReLU, linear) maps it to the space where the loss compares views.
 *
 * @param channels input image channels (1 for grayscale)
 * @param height input image height in pixels
 * @param width input image width in pixels
 * @param stemWidth output channels of the stem convolution
 * @param stageWidths output channels of each residual stage; also sets the number of stages
 * @param blocksPerStage residual blocks in each stage (two 3x3 convolutions each)
 * @param projectionHidden width of the projection head's hidden layer
 * @param projectionSize output size of the projection head, where NT-Xent is computed
 * @param temperature NT-Xent temperature; lower values sharpen the contrast between pairs
 * @param schedule learning rate per step
 * @param weightDecay AdamW decoupled weight decay, applied to convolution and linear weights
 *     only (not to biases or batch-norm scales)
 * @param clipNorm gradients are scaled down so that their global L2 norm is at most this
 * @param augmentation how the two views of each image are made
 * @param seed seeds the weight initialisation and the augmentations, so a run can be repeated
 */
public record SimClrConfig(
        int channels, int height, int width,
        int stemWidth, List<Integer> stageWidths, int blocksPerStage,
        int projectionHidden, int projectionSize,
        float temperature,
        LearningRateSchedule schedule, float weightDecay, float clipNorm,
        AugmentationConfig augmentation,
        long seed) {

    /** The kind written into model descriptions and checkpoint manifests. */
    public static final String KIND = "simclr";

    public SimClrConfig {
        stageWidths = List.copyOf(stageWidths);
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be positive");
        }
        if (stemWidth < 1 || stageWidths.isEmpty() || blocksPerStage < 1
                || stageWidths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("the encoder needs a stem, at least one stage and "
                    + "at least one block a stage, all of positive width");
        }
        if (projectionHidden < 1 || projectionSize < 1) {
            throw new IllegalArgumentException("projection sizes must be positive");
        }
        if (!(temperature > 0) || !(weightDecay >= 0) || !(clipNorm > 0)) {
            throw new IllegalArgumentException(
                    "temperature and clipNorm must be positive and weightDecay not negative");
        }
    }

    /**
     * 28x28 grayscale, stem 16, stages 32-64-128 of one block each, head 128 to 64,
     * temperature 0.2, AdamW peaking at 1e-3 after 500 steps. A step on 256 images (512 views)
     * costs about 29 GFLOP.
     */
    public static SimClrConfig defaults() {
        return new SimClrConfig(
                1, 28, 28,
                16, List.of(32, 64, 128), 1,
                128, 64,
                0.2f,
                new LearningRateSchedule(1e-3f, 500, 10_000, 1e-4f), 1e-4f, 1.0f,
                AugmentationConfig.defaults(),
                42L);
    }

    /** Size of the representation the encoder gives: the last stage's width. */
    public int representationSize() {
        return stageWidths.get(stageWidths.size() - 1);
    }

    /** Kind {@code simclr} and every component of this record as a string. */
    public ModelDescription description() {
        return new ModelDescription(KIND, RecordStrings.write(this));
    }

    /**
     * Rebuilds the configuration a description was made from, exactly.
     *
     * @throws IllegalArgumentException if the kind is not {@code simclr} or a hyper-parameter
     *     is missing, unknown or malformed
     */
    public static SimClrConfig from(ModelDescription description) {
        if (!KIND.equals(description.kind())) {
            throw new IllegalArgumentException(
                    "not a " + KIND + " model description: kind is " + description.kind());
        }
        Map<String, String> values = description.hyperParameters();
        return RecordStrings.read(SimClrConfig.class, values);
    }
}
