package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The training settings of a {@code POST /v1/finetune}, checked; the data come from a source
 * of {@link LabeledSources} in the same body.
 *
 * @param name a name for the job, shown in listings and meters (default {@code finetune})
 * @param model the checkpoint model whose encoder is fine-tuned; only {@code simclr} can be
 * @param steps optimiser steps, 1 to 10,000 (default 200)
 * @param batchSize images a step, 2 to 512 (default 64; at most the training examples)
 * @param learningRate the head's peak AdamW rate (default 1e-3)
 * @param encoderLearningRate the encoder's peak AdamW rate, 0 to freeze it (default 1e-4)
 * @param heldOut fraction of the examples held out for evaluation, strictly between 0 and 1
 *     (default 0.1)
 * @param seed seeds the split and the batch order (default 0)
 * @param evalEvery steps between held-out evaluations (default a fifth of the steps)
 * @param augment whether training images are mildly cropped and flipped (default true)
 */
record FineTuneRequest(String name, String model, int steps, int batchSize, double learningRate,
        double encoderLearningRate, double heldOut, long seed, int evalEvery, boolean augment) {

    static final int MAX_STEPS = 10_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The settings of the body, or a 4xx problem naming the first bad field. */
    static FineTuneRequest parse(JsonNode body) {
        String name = JsonFields.optionalText(body, "name").orElse("finetune");
        if (!NAME.matcher(name).matches()) {
            throw JsonFields.invalid("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String model = model(body);
        int steps = JsonFields.integer(body, "steps", 200, 1, MAX_STEPS);
        int batchSize = JsonFields.integer(body, "batch_size", 64, 2, 512);
        double learningRate = JsonFields.number(body, "learning_rate", 1e-3, 1e-8, 1);
        double encoderRate = JsonFields.number(body, "encoder_learning_rate", 1e-4, 0, 1);
        double heldOut = JsonFields.number(body, "held_out", 0.1, 0, 1);
        if (heldOut <= 0 || heldOut >= 1) {
            throw JsonFields.invalid("held_out", "must be above 0 and below 1, got " + heldOut);
        }
        long seed = JsonFields.longInteger(body, "seed", 0);
        int evalEvery = JsonFields.integer(body, "eval_every", Math.max(1, steps / 5), 1, steps);
        return new FineTuneRequest(name, model, steps, batchSize, learningRate, encoderRate,
                heldOut, seed, evalEvery, JsonFields.bool(body, "augment", true));
    }

    private static String model(JsonNode body) {
        String model = JsonFields.text(body, "model");
        if (model.equals(AdapterService.TEXT_MODEL)) {
            throw new ProblemException(ProblemType.NOT_FINE_TUNABLE, "the language model ("
                    + AdapterService.TEXT_MODEL + ") cannot be fine-tuned by this service; models "
                    + "that can: " + AdapterService.IMAGE_MODEL + " (images)");
        }
        if (!model.equals(AdapterService.IMAGE_MODEL)) {
            throw JsonFields.invalid("model", "names no model: \"" + model + "\"; models that "
                    + "can be fine-tuned: " + AdapterService.IMAGE_MODEL + " (images)");
        }
        return model;
    }
}
