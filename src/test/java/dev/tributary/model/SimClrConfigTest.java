package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimClrConfigTest {

    @Test
    void defaultsRoundTripThroughTheirDescriptionExactly() {
        SimClrConfig defaults = SimClrConfig.defaults();

        assertThat(SimClrConfig.from(defaults.description())).isEqualTo(defaults);
    }

    @Test
    void awkwardValuesRoundTripExactly() {
        SimClrConfig config = new SimClrConfig(3, 32, 24, 8, List.of(12, 24, 48, 96), 2, 40, 20,
                0.1f + 0.2f, new LearningRateSchedule(3e-4f / 7, 13, 999, 1.1e-7f), 0.0f, 1e-3f,
                new AugmentationConfig(0.9f, 0.123456789f, 0.99f, 0.5f, 2.5f, 0.25f, 0.1f, 0.3f,
                        0.2f, 0.7f, 1f, 0.01f, 3.3333333f, 0.05f, 0.123f, 0.5f, 0.03f, 0.33f,
                        0.25f, 4f, 0.5f),
                -1234567890123L);

        assertThat(SimClrConfig.from(config.description())).isEqualTo(config);
    }

    @Test
    void descriptionNamesEveryHyperParameterAsAString() {
        ModelDescription description = SimClrConfig.defaults().description();

        assertThat(description.kind()).isEqualTo("simclr");
        assertThat(description.hyperParameters())
                .containsEntry("channels", "1")
                .containsEntry("height", "28")
                .containsEntry("stemWidth", "16")
                .containsEntry("stageWidths", "32,64,128")
                .containsEntry("temperature", "0.2")
                .containsEntry("schedule.peak", "0.001")
                .containsEntry("schedule.warmupSteps", "500")
                .containsEntry("augmentation.cropScaleMin", "0.35")
                .containsEntry("augmentation.eraseValue", "0.0")
                .containsEntry("seed", "42");
        // 12 plain components, 4 of the schedule, 21 of the augmentation.
        assertThat(description.hyperParameters()).hasSize(12 + 4 + 21);
    }

    @Test
    void representationSizeIsTheLastStageWidth() {
        assertThat(SimClrConfig.defaults().representationSize()).isEqualTo(128);
    }

    @Test
    void anotherKindIsRejected() {
        ModelDescription lm = new ModelDescription("lm", Map.of());

        assertThatThrownBy(() -> SimClrConfig.from(lm))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind is lm");
    }

    @Test
    void aMissingHyperParameterIsNamed() {
        Map<String, String> values = new HashMap<>(defaultValues());
        values.remove("augmentation.noiseStd");

        assertThatThrownBy(() -> SimClrConfig.from(new ModelDescription("simclr", values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing hyper-parameter augmentation.noiseStd");
    }

    @Test
    void anUnknownHyperParameterIsNamed() {
        Map<String, String> values = new HashMap<>(defaultValues());
        values.put("dropout", "0.1");

        assertThatThrownBy(() -> SimClrConfig.from(new ModelDescription("simclr", values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown hyper-parameters [dropout]");
    }

    @Test
    void aMalformedValueIsNamedWithItsText() {
        Map<String, String> values = new HashMap<>(defaultValues());
        values.put("stageWidths", "32,wide");

        assertThatThrownBy(() -> SimClrConfig.from(new ModelDescription("simclr", values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stageWidths").hasMessageContaining("'32,wide'");
    }

    @Test
    void anInvalidValueIsRejectedByTheConfigItself() {
        Map<String, String> values = new HashMap<>(defaultValues());
        values.put("temperature", "0");

        assertThatThrownBy(() -> SimClrConfig.from(new ModelDescription("simclr", values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
    }

    @Test
    void anAugmentationProbabilityAboveOneIsRejected() {
        assertThatThrownBy(() -> new AugmentationConfig(1.5f, 0.5f, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1,
                1, 0, 0, 0, 0.1f, 0.1f, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cropProbability");
    }

    private static Map<String, String> defaultValues() {
        return SimClrConfig.defaults().description().hyperParameters();
    }
}
