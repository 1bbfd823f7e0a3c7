package dev.tributary.data;

/** Element types a {@link Batch} can carry, with the code written into the batch header. */
public enum DType {
    FLOAT32(1, 4),
    INT32(2, 4),
    UINT8(3, 1);

    private final int code;
    private final int bytes;

    DType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The one-byte code in the batch header. */
    public int code() {
        return code;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    static DType ofCode(int code) {
        for (DType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown batch dtype code " + code);
    }
}
