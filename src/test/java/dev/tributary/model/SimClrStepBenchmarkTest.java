package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimClrStepBenchmarkTest {

    @Test
    void timesRealStepsAndReportsThemAsJson() {
        SimClrStepBenchmark.Result result =
                SimClrStepBenchmark.run(SimClrLearnerTest.SMALL, 8, 1, 3);

        assertThat(result.steps()).isEqualTo(3);
        assertThat(result.medianSeconds()).isPositive();
        assertThat(result.imagesPerSecond()).isEqualTo(8 / result.medianSeconds());
        assertThat(result.flopsPerStep())
                .isEqualTo(ModelFlops.simClrStep(SimClrLearnerTest.SMALL, 8));
        assertThat(result.toJson()).startsWith("{\"model\": \"simclr\", \"framework\": \"djl\"")
                .contains("\"batch\": 8", "\"images_per_second\": ", "\"flops_per_step\": "
                        + result.flopsPerStep());
    }

    @Test
    void aSingleImageBatchIsRejected() {
        assertThatThrownBy(() -> SimClrStepBenchmark.run(SimClrLearnerTest.SMALL, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
