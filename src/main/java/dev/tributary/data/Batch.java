package dev.tributary.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A training batch: a dense tensor of one element type, row-major, plus the number of source
 * records whose data ended in it. That count is what lets every produced record be accounted
 * for: summed over all batches it equals the records accepted by ingest.
 *
 * <p>The wire format, written by {@link #toBytes()} and read by {@link #fromBytes(byte[])}, is
 * meant to be read from any language. All integers and elements are little-endian:
 *
 * <pre>
 * offset  size        field
 * 0       4           magic, the ASCII bytes "TRBA"
 * 4       1           format version, 1
 * 5       1           dtype: 1 float32, 2 int32, 3 uint8
 * 6       1           rank r, 1 to 8
 * 7       1           reserved, 0
 * 8       4           source records completed in this batch (int32)
 * 12      4 * r       shape, one int32 per dimension, outermost first
 * 12+4r   n * size    elements, n the product of the shape
 * </pre>
 *
 * @param dtype the element type
 * @param shape the dimensions, outermost (batch) first
 * @param sourceRecords source records whose data ended in this batch
 * @param data the elements, little-endian, exactly {@code elementCount() * dtype.bytes()} bytes
 */
public record Batch(DType dtype, int[] shape, int sourceRecords, byte[] data) {

    /** The ASCII bytes "TRBA" read as a little-endian int. */
    public static final int MAGIC = 0x41425254;
    public static final int VERSION = 1;
    private static final int MAX_RANK = 8;
    private static final int FIXED_HEADER = 12;

    public Batch {
        if (shape.length == 0 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("batch rank must be 1 to 8, got " + shape.length);
        }
        long expected = elementCount(shape) * dtype.bytes();
        if (data.length != expected) {
            throw new IllegalArgumentException("batch of shape " + Arrays.toString(shape) + " "
                    + dtype + " needs " + expected + " bytes, got " + data.length);
        }
        if (sourceRecords < 0) {
            throw new IllegalArgumentException("source records must not be negative");
        }
    }

    /** A float32 batch from values in row-major order. */
    public static Batch ofFloats(int[] shape, float[] values, int sourceRecords) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new Batch(DType.FLOAT32, shape, sourceRecords, buffer.array());
    }

    /** An int32 batch from values in row-major order. */
    public static Batch ofInts(int[] shape, int[] values, int sourceRecords) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return new Batch(DType.INT32, shape, sourceRecords, buffer.array());
    }

    /** Number of elements: the product of the shape. */
    public long elementCount() {
        return elementCount(shape);
    }

    /** The elements of a float32 batch. */
    public float[] floats() {
        requireType(DType.FLOAT32);
        float[] values = new float[(int) elementCount()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** The elements of an int32 batch. */
    public int[] ints() {
        requireType(DType.INT32);
        int[] values = new int[(int) elementCount()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

    /** Encodes this batch in the wire format described on the class. */
    public byte[] toBytes() {
        int headerSize = FIXED_HEADER + 4 * shape.length;
        ByteBuffer buffer = ByteBuffer.allocate(headerSize + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).put((byte) VERSION).put((byte) dtype.code())
                .put((byte) shape.length).put((byte) 0).putInt(sourceRecords);
        for (int dimension : shape) {
            buffer.putInt(dimension);
        }
        return buffer.put(data).array();
    }

    /**
     * Decodes the wire format.
     *
     * @throws IllegalArgumentException naming the first thing that is wrong with the bytes
     */
    public static Batch fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < FIXED_HEADER) {
            throw new IllegalArgumentException("batch is shorter than its 12-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a Tributary batch: magic is not TRBA");
        }
        int version = buffer.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported batch format version " + version);
        }
        DType dtype = DType.ofCode(buffer.get());
        int rank = buffer.get();
        buffer.get(); // reserved
        int sourceRecords = buffer.getInt();
        if (rank < 1 || rank > MAX_RANK || buffer.remaining() < 4 * rank) {
            throw new IllegalArgumentException("batch header has an invalid rank " + rank);
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = buffer.getInt();
        }
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return new Batch(dtype, shape, sourceRecords, data);
    }

    private static long elementCount(int[] shape) {
        long count = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in " + Arrays.toString(shape));
            }
            count *= dimension;
        }
        return count;
    }

    private void requireType(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("batch holds " + dtype + ", not " + expected);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Batch that && dtype == that.dtype
                && sourceRecords == that.sourceRecords && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Batch[" + dtype + " " + Arrays.toString(shape) + ", " + sourceRecords
                + " source records]";
    }
}
