package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.model.NamedTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

    private static final String A =
            "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void writtenTensorsReadBackInOrderWithTheirMetadata() {
        List<NamedTensor> tensors = TestCheckpoints.smallTensors(7);

        SafetensorsFile file = Safetensors.read(
                Safetensors.write(tensors, Map.of("format", "pt")));

        assertThat(file.tensors()).containsExactlyElementsOf(tensors);
        assertThat(file.metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void dataStartsOnAnEightByteBoundaryAfterSpacePadding() {
        byte[] file = Safetensors.write(TestCheckpoints.smallTensors(1), Map.of());

        long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);

        assertThat(headerLength % 8).isZero();
        assertThat(header).startsWith("{").doesNotContain("__metadata__");
        assertThat(header.strip()).endsWith("}");
        assertThat(header.substring(header.strip().length())).matches(" *");
    }

    @Test
    void readsAHandBuiltFileInDataOrderWhateverTheHeaderOrder() {
        String json = "{\"__metadata__\":{\"source\":\"hand\"},"
                + "\"late\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]},"
                + "\"early\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

        SafetensorsFile file = Safetensors.read(file(json, 1.5f, -2f, 0.25f));

        assertThat(file.tensors()).containsExactly(
                new NamedTensor("early", new long[] {2}, new float[] {1.5f, -2f}),
                new NamedTensor("late", new long[] {1, 1}, new float[] {0.25f}));
        assertThat(file.metadata()).containsExactly(Map.entry("source", "hand"));
    }

    @Test
    void scalarAndEmptyTensorsRoundTrip() {
        List<NamedTensor> tensors = List.of(
                new NamedTensor("scalar", new long[0], new float[] {3f}),
                new NamedTensor("empty", new long[] {0, 4}, new float[0]),
                new NamedTensor("after", new long[] {1}, new float[] {-1f}));

        assertThat(Safetensors.read(Safetensors.write(tensors, Map.of())).tensors())
                .containsExactlyElementsOf(tensors);
    }

    @Test
    void rejectsAFileShorterThanTheLengthField() {
        assertMalformed(new byte[5], "shorter than the 8-byte header length");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() {
        byte[] file = file("{" + A + "}", 1f, 2f);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 10_000);

        assertMalformed(file, "header length 10000 exceeds the");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() {
        assertMalformed(file("{\"a\": [", 1f, 2f), "not valid JSON");
    }

    @Test
    void rejectsDtypesOtherThanFloat32() {
        String json = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}";

        assertMalformed(file(json, 1f, 2f), "dtype BF16; only F32 is supported");
    }

    @Test
    void rejectsAShapeThatDisagreesWithItsByteRange() {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";

        assertMalformed(file(json, 1f, 2f), "needs 12 bytes, but data_offsets [0, 8] span 8");
    }

    @Test
    void rejectsOverlappingTensors() {
        String json = "{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";

        assertMalformed(file(json, 1f, 2f, 3f), "tensors a and b overlap at data byte 4");
    }

    @Test
    void rejectsOffsetsBeyondTheData() {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";

        assertMalformed(file(json, 1f, 2f), "beyond the 8 data bytes");
    }

    @Test
    void rejectsDataThatBelongsToNoTensor() {
        assertMalformed(file("{" + A + "}", 1f, 2f, 3f), "data bytes 8 to 12 belong to no tensor");
    }

    @Test
    void rejectsARepeatedTensorNameInTheHeader() {
        assertMalformed(file("{" + A + "," + A + "}", 1f, 2f), "Duplicate field 'a'");
    }

    @Test
    void refusesToWriteTwoTensorsWithOneName() {
        NamedTensor tensor = new NamedTensor("w", new long[] {1}, new float[] {1f});

        assertThatThrownBy(() -> Safetensors.write(List.of(tensor, tensor), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w is repeated or reserved");
    }

    private static void assertMalformed(byte[] file, String message) {
        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Malformed safetensors: ")
                .hasMessageContaining(message);
    }

    /** A file built byte by byte: length, unpadded JSON, little-endian floats. */
    private static byte[] file(String json, float... data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 4 * data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        for (float value : data) {
            file.putFloat(value);
        }
        return file.array();
    }
}
