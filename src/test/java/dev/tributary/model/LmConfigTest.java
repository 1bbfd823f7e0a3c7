package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LmConfigTest {

    @Test
    void defaultsMatchTheTokenizerAndTheBatchFormat() {
        LmConfig config = LmConfig.defaults();

        assertThat(config.vocabularySize()).isEqualTo(BpeTrainerConfig.DEFAULT_VOCAB_SIZE);
        assertThat(config.contextLength()).isEqualTo(64);
        assertThat(config.paddingId()).isEqualTo(BpeVocabulary.PADDING_ID);
        assertThat(config.initStd()).isEqualTo(0.02f);
        assertThat(config.clipNorm()).isEqualTo(1.0f);
        assertThat(config.weightDecay()).isEqualTo(0.1f);
    }

    @Test
    void descriptionRebuildsExactlyTheSameConfiguration() {
        LmConfig config = LmConfig.defaults().withVocabularySize(517).withShape(40, 3, 96, 6)
                .withSchedule(new LearningRateSchedule(3.3e-4f, 17, 1234, 1.1e-5f))
                .withSeed(-987654321987L);

        ModelDescription description = config.description();

        assertThat(description.kind()).isEqualTo("lm");
        assertThat(LmConfig.from(description)).isEqualTo(config);
        assertThat(LmConfig.from(LmConfig.defaults().description()))
                .isEqualTo(LmConfig.defaults());
    }

    @Test
    void descriptionCarriesEveryHyperParameterAsAString() {
        Map<String, String> values = LmConfig.defaults().description().hyperParameters();

        assertThat(values).containsEntry("vocabularySize", "4096").containsEntry("layers", "2")
                .containsEntry("width", "128").containsEntry("heads", "4")
                .containsEntry("contextLength", "64").containsEntry("paddingId", "1")
                .containsKeys("schedule.peak", "schedule.warmupSteps", "schedule.decaySteps",
                        "schedule.floor", "weightDecay", "clipNorm", "initStd", "mlpRatio",
                        "seed");
    }

    @Test
    void rebuildingNamesAMissingValue() {
        Map<String, String> values = new HashMap<>(
                LmConfig.defaults().description().hyperParameters());
        values.remove("heads");

        assertThatThrownBy(() -> LmConfig.from(new ModelDescription("lm", values)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
    }

    @Test
    void rebuildingRejectsAnotherKindOfModel() {
        ModelDescription simclr = new ModelDescription("simclr",
                LmConfig.defaults().description().hyperParameters());

        assertThatThrownBy(() -> LmConfig.from(simclr))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simclr");
    }

    @Test
    void widthMustSplitEvenlyIntoHeads() {
        assertThatThrownBy(() -> LmConfig.defaults().withShape(64, 2, 100, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
    }

    @Test
    void flopsPerTokenCountsSixPerMultiplyingParameterPlusAttention() {
        LmConfig config = LmConfig.defaults();
        long positionEmbedding = 64L * 128;

        assertThat(config.flopsPerToken()).isEqualTo(
                6 * (config.parameterCount() - positionEmbedding) + 12L * 2 * 128 * 64);
    }
}
