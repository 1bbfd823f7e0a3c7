package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where a probe fit or a fine-tuning job takes its labeled examples from. A request names
 * exactly one source:
 *
 * <ul>
 *   <li>{@code "examples": [{"image" or "text": ..., "label": ...}]}: uploaded, one kind
 *       throughout; an input that cannot be decoded fails the request;
 *   <li>{@code "dataset": "fashion-mnist" | "fortunes"} with {@code limit} (see
 *       {@link BuiltInDataSets});
 *   <li>{@code "topic": "<name>"} with {@code limit} (default 1,000), {@code timeout} (default
 *       10 s, at most 60 s) and optionally {@code input} ({@code image} or {@code text}; by
 *       default images when the first value starts like a PNG or JPEG). Records without a
 *       label or that cannot be decoded are counted in the response and left out.
 * </ul>
 */
final class LabeledSources {

    static final List<String> FIELDS = List.of("examples", "dataset", "topic");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_TOPIC_LIMIT = 1000;

    private final int maxExamples;
    private final BuiltInDataSets dataSets = new BuiltInDataSets();
    private final Properties clientProps;

    /** @param clientProps Kafka client settings for topic sources, null when there is none */
    LabeledSources(int maxExamples, Properties clientProps) {
        this.maxExamples = maxExamples;
        this.clientProps = clientProps;
    }

    /** The records of the one source the body names, or a 400 problem saying what to send. */
    LabeledRecords read(JsonNode body) {
        List<String> named = FIELDS.stream().filter(body::hasNonNull).toList();
        if (named.size() != 1) {
            throw new ProblemException(ProblemType.INVALID_SOURCE, "send exactly one of "
                    + "'examples', 'dataset' and 'topic'; got "
                    + (named.isEmpty() ? "none" : String.join(" and ", named)));
        }
        return switch (named.get(0)) {
            case "examples" -> examples(body);
            case "dataset" -> dataSets.read(body, maxExamples);
            default -> topic(body);
        };
    }

    private LabeledRecords examples(JsonNode body) {
        List<JsonNode> examples = JsonFields.array(body, "examples", maxExamples);
        InputKind kind = InputKind.of(examples.get(0), "examples[0]");
        List<byte[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            String where = "examples[" + i + "]";
            JsonNode example = examples.get(i);
            if (InputKind.of(example, where) != kind) {
                throw JsonFields.invalid(where, "is not " + kind + " like examples[0]");
            }
            String label = JsonFields.text(example, "label").strip();
            if (label.isEmpty()) {
                throw JsonFields.invalid(where + ".label", "must not be blank");
            }
            labels.add(label);
            values.add(kind == InputKind.TEXT
                    ? JsonFields.text(example, "text").getBytes(StandardCharsets.UTF_8)
                    : base64(JsonFields.text(example, "image"), where));
        }
        return new LabeledRecords(kind, values, labels, true,
                SourceReport.complete("examples", examples.size()));
    }

    private LabeledRecords topic(JsonNode body) {
        String topic = JsonFields.text(body, "topic");
        int limit = JsonFields.integer(body, "limit", Math.min(DEFAULT_TOPIC_LIMIT, maxExamples),
                1, maxExamples);
        Duration timeout = JsonFields.duration(body, "timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT);
        if (clientProps == null) {
            throw new ProblemException(ProblemType.SOURCE_UNAVAILABLE, "this service was "
                    + "started without Kafka settings, so it cannot read topics");
        }
        TopicSource.Read read = new TopicSource(clientProps).read(topic, limit, timeout);
        InputKind kind = inputKind(body, read.values());
        SourceReport report = new SourceReport(topic, read.read(), read.unlabeled(), 0, Map.of(),
                read.timedOut());
        return new LabeledRecords(kind, read.values(), read.labels(), false, report);
    }

    private static InputKind inputKind(JsonNode body, List<byte[]> values) {
        String input = JsonFields.optionalText(body, "input").orElse(null);
        if (input == null) {
            return values.stream().filter(v -> v.length > 0).findFirst()
                    .filter(LabeledSources::looksLikeImage).isPresent()
                    ? InputKind.IMAGE : InputKind.TEXT;
        }
        return Stream.of(InputKind.values()).filter(k -> k.field().equals(input)).findFirst()
                .orElseThrow(() -> JsonFields.invalid("input", "must be \"image\" or \"text\", "
                        + "got \"" + input + "\""));
    }

    /** PNG's and JPEG's first bytes. */
    private static boolean looksLikeImage(byte[] value) {
        boolean png = value.length >= 4 && (value[0] & 0xff) == 0x89 && value[1] == 'P'
                && value[2] == 'N' && value[3] == 'G';
        boolean jpeg = value.length >= 3 && (value[0] & 0xff) == 0xff
                && (value[1] & 0xff) == 0xd8 && (value[2] & 0xff) == 0xff;
        return png || jpeg;
    }

    private static byte[] base64(String encoded, String where) {
        try {
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_IMAGE,
                    "'" + where + ".image' is not base64: " + e.getMessage());
        }
    }
}
