package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed fields from a JSON request body, refusing missing fields, wrong types and values
 * out of range with an {@link ProblemType#INVALID_FIELD} problem that names the field.
 */
final class JsonFields {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private JsonFields() {
    }

    static JsonNode required(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw invalid(name, "is required");
        }
        return value;
    }

    static String text(JsonNode object, String name) {
        JsonNode value = required(object, name);
        if (!value.isTextual()) {
            throw invalid(name, "must be a string, got " + value.getNodeType());
        }
        return value.textValue();
    }

    static Optional<String> optionalText(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(object, name));
    }

    static int integer(JsonNode object, String name, int fallback, int min, int max) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(name, "must be an integer, got " + value);
        }
        return inRange(name, value.intValue(), min, max);
    }

    static boolean bool(JsonNode object, String name, boolean fallback) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    static long longInteger(JsonNode object, String name, long fallback) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(name, "must be a 64-bit integer, got " + value);
        }
        return value.longValue();
    }

    static double number(JsonNode object, String name, double fallback, double min, double max) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw invalid(name, "must be a number, got " + value);
        }
        double number = value.doubleValue();
        if (!(number >= min && number <= max)) {
            throw invalid(name, "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    /**
     * A duration written {@code "500ms"}, {@code "10s"}, {@code "2m"} or in ISO-8601
     * ({@code "PT10S"}), above zero and at most {@code max}.
     */
    static Duration duration(JsonNode object, String name, Duration fallback, Duration max) {
        Optional<String> value = optionalText(object, name);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration duration = parseDuration(value.get().trim())
                .orElseThrow(() -> invalid(name, "must be a duration such as \"10s\", \"500ms\""
                        + " or \"PT10S\", got \"" + value.get() + "\""));
        if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
            throw invalid(name, "must be above 0 and at most " + max.toMillis() + " ms, got "
                    + duration.toMillis() + " ms");
        }
        return duration;
    }

    private static Optional<Duration> parseDuration(String text) {
        Matcher compact = SHORT_DURATION.matcher(text);
        if (compact.matches()) {
            long amount = Long.parseLong(compact.group(1));
            return Optional.of(switch (compact.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            });
        }
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The array's elements, at least one and at most {@code max}. */
    static List<JsonNode> array(JsonNode object, String name, int max) {
        JsonNode value = required(object, name);
        if (!value.isArray()) {
            throw invalid(name, "must be an array, got " + value.getNodeType());
        }
        if (value.isEmpty() || value.size() > max) {
            throw invalid(name, "must hold 1 to " + max + " elements, got " + value.size());
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /** The array's strings, each non-blank. */
    static List<String> texts(JsonNode object, String name, int max) {
        List<String> texts = new ArrayList<>();
        for (JsonNode element : array(object, name, max)) {
            if (!element.isTextual() || element.textValue().isBlank()) {
                throw invalid(name, "must hold non-blank strings, got " + element);
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    static void requireObject(JsonNode value, String name) {
        if (!value.isObject()) {
            throw invalid(name, "must be an object, got " + value.getNodeType());
        }
    }

    private static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static ProblemException invalid(String name, String what) {
        return new ProblemException(ProblemType.INVALID_FIELD, "'" + name + "' " + what);
    }
}
