package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void floatBatchRoundTripsThroughTheWireFormat() {
        float[] values = {0f, 0.5f, 1f, -2.25f, 3.5f, 1e-7f};
        Batch batch = Batch.ofFloats(new int[] {2, 1, 3}, values, 2);

        Batch decoded = Batch.fromBytes(batch.toBytes());

        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.floats()).containsExactly(values);
        assertThat(decoded.shape()).containsExactly(2, 1, 3);
        assertThat(decoded.sourceRecords()).isEqualTo(2);
    }

    @Test
    void intBatchRoundTripsThroughTheWireFormat() {
        int[] values = {0, 1, 4095, Integer.MAX_VALUE, -1, 7};
        Batch decoded = Batch.fromBytes(Batch.ofInts(new int[] {3, 2}, values, 5).toBytes());

        assertThat(decoded.dtype()).isEqualTo(DType.INT32);
        assertThat(decoded.ints()).containsExactly(values);
        assertThat(decoded.sourceRecords()).isEqualTo(5);
    }

    @Test
    void headerIsLittleEndianAsDocumented() {
        byte[] bytes = Batch.ofInts(new int[] {1, 2}, new int[] {258, 3}, 1).toBytes();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("TRBA");
        assertThat(bytes[4]).isEqualTo((byte) 1); // version
        assertThat(bytes[5]).isEqualTo((byte) 2); // int32
        assertThat(bytes[6]).isEqualTo((byte) 2); // rank
        assertThat(buffer.getInt(8)).isEqualTo(1); // source records
        assertThat(buffer.getInt(12)).isEqualTo(1);
        assertThat(buffer.getInt(16)).isEqualTo(2);
        assertThat(buffer.getInt(20)).isEqualTo(258);
        assertThat(bytes).hasSize(28);
    }

    @Test
    void foreignBytesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Batch.fromBytes("not a batch at all".getBytes()))
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> Batch.fromBytes(new byte[3])).hasMessageContaining("header");
    }

    @Test
    void payloadShorterThanTheShapeIsRejected() {
        byte[] bytes = Batch.ofInts(new int[] {4}, new int[] {1, 2, 3, 4}, 0).toBytes();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 4);

        assertThatThrownBy(() -> Batch.fromBytes(truncated)).hasMessageContaining("needs 16 bytes");
    }
}
