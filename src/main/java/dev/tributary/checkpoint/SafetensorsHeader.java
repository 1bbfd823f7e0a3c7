package dev.tributary.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and checked header of a safetensors file. Parsing rejects, with an
 * {@link IllegalArgumentException} naming the problem, every header whose tensors would not
 * tile the data section exactly: a length beyond the file, a dtype other than F32, a shape
 * that disagrees with its byte range, ranges that overlap, leave gaps or run past the end.
 *
 * @param dataStart index in the file of the first data byte
 * @param entries the tensors, sorted by where their data starts
 * @param metadata the {@code __metadata__} entries, in header order
 */
record SafetensorsHeader(int dataStart, List<Entry> entries, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";
    static final String DTYPE_F32 = "F32";
    static final int LENGTH_FIELD_BYTES = 8;

    // A repeated tensor name would otherwise silently keep the last entry.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * One tensor's description.
     *
     * @param name the tensor's key in the header
     * @param shape dimensions, outermost first
     * @param begin first data byte, relative to the data section
     * @param end one past the last data byte, relative to the data section
     */
    record Entry(String name, long[] shape, int begin, int end) {

        int elementCount() {
            return (end - begin) / Float.BYTES;
        }
    }

    static SafetensorsHeader parse(byte[] file) {
        if (file.length < LENGTH_FIELD_BYTES) {
            throw malformed("file of " + file.length
                    + " bytes is shorter than the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(file, 0, LENGTH_FIELD_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = file.length - LENGTH_FIELD_BYTES;
        if (headerLength < 0 || headerLength > available) {
            throw malformed("header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the " + available + " bytes after the length field");
        }
        int dataStart = LENGTH_FIELD_BYTES + (int) headerLength;
        JsonNode root = parseJson(file, (int) headerLength);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata.putAll(metadata(field.getValue()));
            } else {
                entries.add(entry(field.getKey(), field.getValue()));
            }
        }
        // A stable sort keeps header order among zero-sized tensors sharing a start.
        entries.sort(Comparator.comparingInt(Entry::begin).thenComparingInt(Entry::end));
        requireTiling(entries, file.length - dataStart);
        return new SafetensorsHeader(dataStart, entries, metadata);
    }

    private static JsonNode parseJson(byte[] file, int length) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file, LENGTH_FIELD_BYTES, length);
        } catch (JsonProcessingException e) {
            throw malformed("header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("header could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("header is not a JSON object");
        }
        return root;
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw malformed(METADATA_KEY + " is not an object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw malformed(METADATA_KEY + "." + field.getKey() + " is not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return metadata;
    }

    private static Entry entry(String name, JsonNode node) {
        if (!node.isObject()) {
            throw malformed("tensor " + name + " is not an object");
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw malformed("tensor " + name + " has no dtype");
        }
        if (!dtype.textValue().equals(DTYPE_F32)) {
            throw malformed("tensor " + name + " has dtype " + dtype.textValue()
                    + "; only " + DTYPE_F32 + " is supported");
        }
        long[] shape = naturals(name, "shape", node.get("shape"));
        long[] offsets = naturals(name, "data_offsets", node.get("data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw malformed("tensor " + name + " has data_offsets " + Arrays.toString(offsets)
                    + "; expected [begin, end] with begin <= end");
        }
        long expected = byteSize(name, shape);
        if (offsets[1] - offsets[0] != expected) {
            throw malformed("tensor " + name + " of shape " + Arrays.toString(shape) + " needs "
                    + expected + " bytes, but data_offsets " + Arrays.toString(offsets)
                    + " span " + (offsets[1] - offsets[0]));
        }
        if (offsets[1] > Integer.MAX_VALUE) {
            throw malformed("tensor " + name + " ends at " + offsets[1] + ", beyond any file");
        }
        return new Entry(name, shape, (int) offsets[0], (int) offsets[1]);
    }

    private static long[] naturals(String tensor, String field, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw malformed("tensor " + tensor + " has no " + field + " array");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToLong()
                    || element.longValue() < 0) {
                throw malformed("tensor " + tensor + " has " + field + " element " + element
                        + "; expected a non-negative integer");
            }
            values[i] = element.longValue();
        }
        return values;
    }

    private static long byteSize(String name, long[] shape) {
        try {
            long count = 1;
            for (long dimension : shape) {
                count = Math.multiplyExact(count, dimension);
            }
            return Math.multiplyExact(count, (long) Float.BYTES);
        } catch (ArithmeticException e) {
            throw malformed("tensor " + name + " has shape " + Arrays.toString(shape)
                    + ", too large for any file");
        }
    }

    /** The sorted ranges must cover the data section exactly: no overlap, gap or overrun. */
    private static void requireTiling(List<Entry> entries, int dataLength) {
        int position = 0;
        String previous = null;
        for (Entry entry : entries) {
            if (entry.end() > dataLength) {
                throw malformed("tensor " + entry.name() + " has data_offsets [" + entry.begin()
                        + ", " + entry.end() + "] beyond the " + dataLength + " data bytes");
            }
            if (entry.begin() < position) {
                throw malformed("tensors " + previous + " and " + entry.name()
                        + " overlap at data byte " + entry.begin());
            }
            if (entry.begin() > position) {
                throw malformed("data bytes " + position + " to " + entry.begin()
                        + " belong to no tensor");
            }
            position = entry.end();
            previous = entry.name();
        }
        if (position != dataLength) {
            throw malformed("data bytes " + position + " to " + dataLength
                    + " belong to no tensor");
        }
    }

    private static IllegalArgumentException malformed(String detail) {
        return new IllegalArgumentException("Malformed safetensors: " + detail);
    }
}
