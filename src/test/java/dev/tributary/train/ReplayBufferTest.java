package dev.tributary.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.Batch;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    @Test
    void firstBatchPassesThroughUnchanged() {
        ReplayBuffer buffer = new ReplayBuffer(100, 0.5, 1);
        Batch batch = rows(0, 4);

        assertThat(buffer.mix(batch)).isEqualTo(batch);
        assertThat(buffer.size()).isEqualTo(4);
    }

    @Test
    void pastRowsAreAppendedAndNewRowsAllKept() {
        ReplayBuffer buffer = new ReplayBuffer(100, 0.5, 1);
        buffer.mix(rows(0, 4));

        Batch mixed = buffer.mix(rows(100, 4));
        int[] values = mixed.ints();

        assertThat(mixed.shape()).containsExactly(6, 2);
        assertThat(Arrays.copyOf(values, 8)).containsExactly(rows(100, 4).ints());
        for (int i = 4; i < 6; i++) {
            assertThat(values[2 * i]).isBetween(0, 3); // a row of the first batch
            assertThat(values[2 * i + 1]).isEqualTo(values[2 * i] + 1000);
        }
        assertThat(mixed.sourceRecords()).isEqualTo(4);
    }

    @Test
    void reservoirIsBoundedAndSamplesTheWholeStream() {
        ReplayBuffer buffer = new ReplayBuffer(50, 5.0, 7);
        for (int b = 0; b < 100; b++) {
            buffer.mix(rows(b * 10, 10));
        }

        Batch mixed = buffer.mix(rows(5000, 10));

        assertThat(buffer.size()).isEqualTo(50);
        assertThat(buffer.fill()).isEqualTo(1.0);
        assertThat(mixed.shape()[0]).isEqualTo(60);
        Set<Integer> quarters = new HashSet<>();
        for (int i = 10; i < 60; i++) {
            quarters.add(mixed.ints()[2 * i] / 250); // which quarter of the 1,000 rows seen
        }
        assertThat(quarters).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    private static Batch rows(int first, int count) {
        int[] values = new int[count * 2];
        for (int i = 0; i < count; i++) {
            values[2 * i] = first + i;
            values[2 * i + 1] = first + i + 1000;
        }
        return Batch.ofInts(new int[] {count, 2}, values, count);
    }
}
