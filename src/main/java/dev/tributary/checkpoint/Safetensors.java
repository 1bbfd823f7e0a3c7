package dev.tributary.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.model.NamedTensor;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format, so that checkpoints load in Python with
 * {@code safetensors} or with a few lines of {@code json}, {@code struct} and {@code numpy}.
 *
 * <p>The layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON
 * mapping each tensor name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin,
 * end]}}, plus an optional {@code "__metadata__"} object of strings, padded with spaces so
 * that the data starts at a multiple of 8; then the tensors' raw little-endian bytes, with
 * offsets relative to the start of the data. Only float32 tensors are written and read.
 */
public final class Safetensors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ALIGNMENT = 8;

    private Safetensors() {
    }

    /**
     * Lays out the tensors in the given order, each right after the previous one.
     *
     * @param metadata free-form strings stored under {@code __metadata__}; omitted when empty
     * @throws IllegalArgumentException when two tensors share a name, a tensor is named
     *     {@code __metadata__}, or the file would exceed the 2 GiB a Java array can hold
     */
    public static byte[] write(List<NamedTensor> tensors, Map<String, String> metadata) {
        byte[] header = paddedHeader(tensors, metadata);
        long dataBytes = 0;
        for (NamedTensor tensor : tensors) {
            dataBytes += (long) tensor.values().length * Float.BYTES;
        }
        long total = SafetensorsHeader.LENGTH_FIELD_BYTES + header.length + dataBytes;
        if (total > Integer.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("Safetensors file of " + total
                    + " bytes exceeds the largest Java array");
        }
        ByteBuffer file = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        FloatBuffer data = file.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (NamedTensor tensor : tensors) {
            data.put(tensor.values());
        }
        return file.array();
    }

    /**
     * Parses a whole file into tensors, in data order, and metadata.
     *
     * @throws IllegalArgumentException naming the problem when the bytes are not a valid
     *     float32 safetensors file
     */
    public static SafetensorsFile read(byte[] file) {
        SafetensorsHeader header = SafetensorsHeader.parse(file);
        List<NamedTensor> tensors = new ArrayList<>(header.entries().size());
        for (SafetensorsHeader.Entry entry : header.entries()) {
            float[] values = new float[entry.elementCount()];
            ByteBuffer.wrap(file, header.dataStart() + entry.begin(), entry.end() - entry.begin())
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.add(new NamedTensor(entry.name(), entry.shape(), values));
        }
        return new SafetensorsFile(tensors, header.metadata());
    }

    /**
     * Checks the structure of a file without copying its values: every check {@link #read}
     * makes, at the cost of parsing the header only.
     *
     * @throws IllegalArgumentException naming the problem when the file is malformed
     */
    public static void check(byte[] file) {
        SafetensorsHeader.parse(file);
    }

    private static byte[] paddedHeader(List<NamedTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (NamedTensor tensor : tensors) {
            if (!names.add(tensor.name()) || tensor.name().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("Tensor name " + tensor.name()
                        + " is repeated or reserved");
            }
            long end = offset + (long) tensor.values().length * Float.BYTES;
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", SafetensorsHeader.DTYPE_F32);
            ArrayNode shape = entry.putArray("shape");
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        return pad(json(root));
    }

    private static byte[] json(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spaces after the JSON put the data on an 8-byte boundary, as the format asks. */
    private static byte[] pad(byte[] json) {
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            header[i] = ' ';
        }
        return header;
    }
}
