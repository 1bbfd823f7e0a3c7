package dev.tributary.checkpoint;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rule for model names. A name becomes part of Kafka keys separated by {@code /}, a
 * directory name and a transactional id, so it is limited to letters, digits, dots, dashes and
 * underscores, starting with a letter or digit.
 */
final class ModelNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private ModelNames() {
    }

    static String require(String model) {
        Objects.requireNonNull(model, "model");
        if (!VALID.matcher(model).matches()) {
            throw new IllegalArgumentException("Model name \"" + model + "\" must be 1 to 200"
                    + " letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return model;
    }
}
