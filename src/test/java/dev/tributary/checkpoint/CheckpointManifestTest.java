package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointManifestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CheckpointManifest manifest = TestCheckpoints.small("lm-small", 12).manifest();

    @Test
    void jsonRoundTripKeepsEveryField() {
        assertThat(CheckpointManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
    }

    @Test
    void equalManifestsGiveEqualBytes() {
        CheckpointManifest again = CheckpointManifest.fromJson(manifest.toJson());

        assertThat(again.toJson()).isEqualTo(manifest.toJson());
    }

    @Test
    void inputOffsetsAreNestedByTopicThenPartition() throws IOException {
        JsonNode offsets = MAPPER.readTree(manifest.toJson()).get("input_offsets");

        assertThat(offsets.get("tributary.text.raw").get("2").longValue()).isEqualTo(84_000);
        assertThat(offsets.get("tributary.text.raw").get("0").longValue()).isEqualTo(72_000);
        assertThat(offsets.get("tributary.text.batches").get("0").longValue()).isEqualTo(1_200);
    }

    @Test
    void creationTimeIsAnIso8601Instant() throws IOException {
        JsonNode root = MAPPER.readTree(manifest.toJson());

        assertThat(root.get("created_at").textValue()).isEqualTo("2025-03-04T05:06:19.089Z");
    }

    @Test
    void imageModelsHaveANullTokenizer() throws IOException {
        Checkpoint image = TestCheckpoints.textBuilder("simclr", 1).tokenizerJson(null)
                .build(TestCheckpoints.smallTensors(1));

        JsonNode root = MAPPER.readTree(image.manifest().toJson());

        assertThat(root.get("tokenizer_json").isNull()).isTrue();
        assertThat(CheckpointManifest.fromJson(image.manifest().toJson()).tokenizerJson())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"format_version", "model", "version", "step", "samples_seen",
        "tokens_seen", "created_at", "description", "metrics", "input_offsets", "tokenizer_json",
        "weight_bytes", "weights_sha256", "chunk_count"})
    void aMissingFieldIsNamed(String field) {
        ObjectNode root = tree();
        root.remove(field);

        assertRejected(root, "missing field \"" + field + "\"");
    }

    @Test
    void aMissingNestedFieldIsNamedWithItsPath() {
        ObjectNode root = tree();
        ((ObjectNode) root.get("metrics")).remove("gradient_norm");

        assertRejected(root, "missing field \"metrics.gradient_norm\"");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        ObjectNode root = tree();
        root.put("step", "many");

        assertRejected(root, "field \"step\" must be an integer, got \"many\"");
    }

    @Test
    void aBadPartitionKeyIsNamed() {
        ObjectNode root = tree();
        ((ObjectNode) root.get("input_offsets").get("tributary.text.raw")).put("two", 5);

        assertRejected(root, "\"input_offsets.tributary.text.raw.two\" must be keyed by");
    }

    @Test
    void anUnknownFormatVersionIsRejectedBeforeAnyOtherField() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", 2);

        assertRejected(root, "format version 2; this reader knows version 1");
    }

    @Test
    void textThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> CheckpointManifest.fromJson(
                "weights".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aModelNameThatCannotBeAKeyIsRejected() {
        assertThatThrownBy(() -> Checkpoint.builder("text/lm", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Model name \"text/lm\"");
    }

    private ObjectNode tree() {
        try {
            return (ObjectNode) MAPPER.readTree(manifest.toJson());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRejected(ObjectNode root, String message) {
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CheckpointManifest.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
