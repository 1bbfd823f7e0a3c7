package dev.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenPackerTest {

    private static final int EOD = 0;
    private static final int PAD = 1;

    @Test
    void documentsArePackedBackToBackWithAnEndTokenBetween() {
        TokenPacker packer = new TokenPacker(4);

        assertThat(packer.add(new int[] {10, 11}, EOD)).isEmpty();
        List<Sample> full = packer.add(new int[] {20, 21, 22}, EOD);

        assertThat(full).hasSize(1);
        assertThat(tokens(full.get(0))).containsExactly(10, 11, EOD, 20);
        assertThat(full.get(0).sourceRecords()).isEqualTo(1);
        assertThat(tokens(packer.flush(PAD))).containsExactly(21, 22, EOD, PAD);
    }

    @Test
    void aLongDocumentFillsSeveralSequencesAndCountsOnceWhereItEnds() {
        TokenPacker packer = new TokenPacker(3);

        List<Sample> full = packer.add(new int[] {1, 2, 3, 4, 5, 6, 7}, EOD);

        assertThat(full).extracting(Sample::sourceRecords).containsExactly(0, 0);
        Sample last = packer.flush(PAD);
        assertThat(tokens(last)).containsExactly(7, EOD, PAD);
        assertThat(last.sourceRecords()).isEqualTo(1);
        assertThat(packer.isEmpty()).isTrue();
    }

    @Test
    void everyDocumentIsCountedExactlyOnce() {
        TokenPacker packer = new TokenPacker(5);
        int counted = 0;
        for (int doc = 0; doc < 100; doc++) {
            int[] tokens = new int[doc % 9];
            for (Sample sample : packer.add(tokens, EOD)) {
                counted += sample.sourceRecords();
            }
        }
        counted += packer.flush(PAD).sourceRecords();

        assertThat(counted).isEqualTo(100);
    }

    @Test
    void carrySurvivesSerialisation() {
        TokenPacker packer = new TokenPacker(8);
        packer.add(new int[] {5, 6}, EOD);
        packer.add(new int[] {7}, EOD);

        TokenPacker restored = TokenPacker.fromBytes(8, packer.toBytes());
        Sample flushed = restored.flush(PAD);

        assertThat(tokens(flushed)).containsExactly(5, 6, EOD, 7, EOD, PAD, PAD, PAD);
        assertThat(flushed.sourceRecords()).isEqualTo(2);
    }

    private static int[] tokens(Sample sample) {
        ByteBuffer buffer = ByteBuffer.wrap(sample.payload()).order(ByteOrder.LITTLE_ENDIAN);
        int[] tokens = new int[sample.payload().length / 4];
        buffer.asIntBuffer().get(tokens);
        return tokens;
    }
}
