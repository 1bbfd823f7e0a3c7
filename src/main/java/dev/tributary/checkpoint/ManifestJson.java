package dev.tributary.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.model.ModelDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The JSON form of a {@link CheckpointManifest}, written by hand so that the field names, the
 * nested offsets ({@code {"topic": {"0": 123}}}) and the error for each missing field are
 * under our control rather than a binding's.
 */
final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestJson() {
    }

    static byte[] write(CheckpointManifest manifest) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", manifest.formatVersion());
        root.put("model", manifest.model());
        root.put("version", manifest.version());
        root.put("step", manifest.step());
        root.put("samples_seen", manifest.samplesSeen());
        root.put("tokens_seen", manifest.tokensSeen());
        root.put("created_at", manifest.createdAt().toString());
        root.set("description", description(manifest.description()));
        root.set("metrics", metrics(manifest.metrics()));
        root.set("input_offsets", offsets(manifest.inputOffsets()));
        root.put("tokenizer_json", manifest.tokenizerJson());
        root.put("weight_bytes", manifest.weightBytes());
        root.put("weights_sha256", manifest.weightsSha256());
        root.put("chunk_count", manifest.chunkCount());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CheckpointManifest read(byte[] json) {
        JsonNode root = parse(json);
        // Checked first: a newer layout may lack fields, and that is not the message to give.
        int formatVersion = int32(root, "format_version");
        if (formatVersion != CheckpointManifest.FORMAT_VERSION) {
            throw new IllegalArgumentException("Checkpoint manifest has format version "
                    + formatVersion + "; this reader knows version "
                    + CheckpointManifest.FORMAT_VERSION);
        }
        return new CheckpointManifest(
                formatVersion,
                text(root, "model", ""),
                integer(root, "version", ""),
                integer(root, "step", ""),
                integer(root, "samples_seen", ""),
                integer(root, "tokens_seen", ""),
                instant(root, "created_at"),
                description(object(root, "description", "")),
                metrics(object(root, "metrics", "")),
                offsets(object(root, "input_offsets", "")),
                nullableText(root, "tokenizer_json"),
                integer(root, "weight_bytes", ""),
                text(root, "weights_sha256", ""),
                int32(root, "chunk_count"));
    }

    private static ObjectNode description(ModelDescription description) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", description.kind());
        ObjectNode hyper = node.putObject("hyper_parameters");
        new TreeMap<>(description.hyperParameters()).forEach(hyper::put);
        return node;
    }

    private static ObjectNode metrics(TrainingMetrics metrics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("loss", metrics.loss());
        node.put("learning_rate", metrics.learningRate());
        node.put("gradient_norm", metrics.gradientNorm());
        node.put("samples_per_second", metrics.samplesPerSecond());
        return node;
    }

    private static ObjectNode offsets(Map<TopicPartition, Long> offsets) {
        ObjectNode node = MAPPER.createObjectNode();
        offsets.forEach((partition, offset) -> {
            ObjectNode topic = node.has(partition.topic())
                    ? (ObjectNode) node.get(partition.topic()) : node.putObject(partition.topic());
            topic.put(Integer.toString(partition.partition()), offset);
        });
        return node;
    }

    private static JsonNode parse(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("Checkpoint manifest is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Checkpoint manifest is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelDescription description(JsonNode node) {
        String prefix = "description.";
        Map<String, String> hyper = new HashMap<>();
        JsonNode hyperNode = object(node, "hyper_parameters", prefix);
        for (Map.Entry<String, JsonNode> field : hyperNode.properties()) {
            text(hyperNode, field.getKey(), prefix + "hyper_parameters.");
            hyper.put(field.getKey(), field.getValue().textValue());
        }
        return new ModelDescription(text(node, "kind", prefix), hyper);
    }

    private static TrainingMetrics metrics(JsonNode node) {
        String prefix = "metrics.";
        return new TrainingMetrics(number(node, "loss", prefix),
                number(node, "learning_rate", prefix), number(node, "gradient_norm", prefix),
                number(node, "samples_per_second", prefix));
    }

    private static Map<TopicPartition, Long> offsets(JsonNode node) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<String, JsonNode> topic : node.properties()) {
            String prefix = "input_offsets." + topic.getKey() + ".";
            JsonNode partitions = object(node, topic.getKey(), "input_offsets.");
            for (Map.Entry<String, JsonNode> partition : partitions.properties()) {
                int number = partitionNumber(prefix, partition.getKey());
                offsets.put(new TopicPartition(topic.getKey(), number),
                        integer(partitions, partition.getKey(), prefix));
            }
        }
        return offsets;
    }

    private static int partitionNumber(String prefix, String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Checkpoint manifest field \"" + prefix + key
                    + "\" must be keyed by a partition number");
        }
    }

    private static JsonNode required(JsonNode parent, String field, String prefix) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new IllegalArgumentException(
                    "Checkpoint manifest is missing field \"" + prefix + field + "\"");
        }
        return node;
    }

    private static JsonNode object(JsonNode parent, String field, String prefix) {
        JsonNode node = required(parent, field, prefix);
        if (!node.isObject()) {
            throw invalid(prefix + field, "an object", node);
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String prefix) {
        JsonNode node = required(parent, field, prefix);
        if (!node.isTextual()) {
            throw invalid(prefix + field, "a string", node);
        }
        return node.textValue();
    }

    private static String nullableText(JsonNode parent, String field) {
        JsonNode node = required(parent, field, "");
        return node.isNull() ? null : text(parent, field, "");
    }

    private static long integer(JsonNode parent, String field, String prefix) {
        JsonNode node = required(parent, field, prefix);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(prefix + field, "an integer", node);
        }
        return node.longValue();
    }

    private static int int32(JsonNode parent, String field) {
        JsonNode node = required(parent, field, "");
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(field, "a 32-bit integer", node);
        }
        return node.intValue();
    }

    private static double number(JsonNode parent, String field, String prefix) {
        JsonNode node = required(parent, field, prefix);
        if (!node.isNumber()) {
            throw invalid(prefix + field, "a number", node);
        }
        return node.doubleValue();
    }

    private static Instant instant(JsonNode parent, String field) {
        String text = text(parent, field, "");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field, "an ISO-8601 instant such as 2025-01-02T03:04:05Z",
                    parent.get(field));
        }
    }

    private static IllegalArgumentException invalid(String field, String expected,
            JsonNode actual) {
        return new IllegalArgumentException("Checkpoint manifest field \"" + field
                + "\" must be " + expected + ", got " + actual);
    }
}
