package dev.tributary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.model.LearningRateSchedule;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumptionTest {

    private static final LmConfig SMALL = LmConfig.defaults().withVocabularySize(300)
            .withShape(16, 1, 32, 2);

    @Test
    void newLearningRateIsTakenAndTheStepRestored() {
        try (LmLearner trained = new LmLearner(SMALL);
                LmLearner restarted = new LmLearner(SMALL.withSchedule(
                        new LearningRateSchedule(5e-4f, 10, 100, 1e-5f)))) {
            Resumption.restore(restarted, checkpoint(trained, 42, "{}"), "{}");

            assertThat(restarted.stepCount()).isEqualTo(42);
            assertThat(restarted.weights()).isEqualTo(trained.weights());
        }
    }

    @Test
    void anotherTokenizerIsRefused() {
        try (LmLearner learner = new LmLearner(SMALL)) {
            Checkpoint checkpoint = checkpoint(learner, 1, "{\"model\": \"a\"}");

            assertThatThrownBy(() -> Resumption.restore(learner, checkpoint, "{\"model\": \"b\"}"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lm checkpoint v1 was trained with another tokenizer");
        }
    }

    @Test
    void otherShapesAreRefusedNamingTheTrainedSettings() {
        try (LmLearner trained = new LmLearner(SMALL);
                LmLearner wider = new LmLearner(SMALL.withShape(16, 1, 64, 2))) {
            Checkpoint checkpoint = checkpoint(trained, 3, null);

            assertThatThrownBy(() -> Resumption.restore(wider, checkpoint, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not fit the configured model")
                    .hasMessageContaining("width=32");
        }
    }

    private static Checkpoint checkpoint(LmLearner learner, long step, String tokenizer) {
        return Checkpoint.builder("lm", 1).step(step).description(learner.description())
                .metrics(new TrainingMetrics(1, 1e-3, 1, 1)).inputOffsets(Map.of())
                .tokenizerJson(tokenizer).build(learner.weights());
    }
}
