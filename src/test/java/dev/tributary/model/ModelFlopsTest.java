package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    @Test
    void flopsOfATinyNetworkMatchAHandCount() {
        // 1x8x8 input; stem 1->2 at 8x8; one stage of width 4 at 4x4; head 4 -> 3 -> 2.
        SimClrConfig tiny = new SimClrConfig(1, 8, 8, 2, List.of(4), 1, 3, 2, 0.2f,
                new LearningRateSchedule(1e-3f, 1, 1, 0), 0, 1, AugmentationConfig.none(), 1);
        long stem = 1 * 2 * 9 * 64;
        long block = 2 * 4 * 9 * 16 + 4 * 4 * 9 * 16 + 2 * 4 * 16;
        long head = 4 * 3 + 3 * 2;

        assertThat(ModelFlops.forwardMultiplyAdds(tiny)).isEqualTo(stem + block + head);
        // Batch 5: 10 views, plus the 10 x 10 similarity matrix over 2-dimensional projections.
        assertThat(ModelFlops.simClrStep(tiny, 5))
                .isEqualTo(3 * 2 * (10 * (stem + block + head) + 10 * 10 * 2));
    }

    @Test
    void defaultStepCostsAboutTwentyNineGigaflops() {
        assertThat(ModelFlops.simClrStep(SimClrConfig.defaults(), 256))
                .isBetween(28_000_000_000L, 30_000_000_000L);
    }
}
