package dev.tributary.cli;

import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.LocalCheckpointStore;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.ModelDescription;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.TextTokenizer;
import dev.tributary.train.ModelTrainer;
import dev.tributary.train.TrainerEnvironment;
import dev.tributary.train.TrainerMetrics;
import dev.tributary.train.TrainerService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The trainers of the chosen models, built from the options and running; closing stops them
 * (each publishes what it trained since its last checkpoint) and frees their models.
 */
final class RunningTrainers implements AutoCloseable {

    private static final Duration CHECKPOINT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final TrainerService service = new TrainerService();
    private final List<Learner<?>> learners = new ArrayList<>();
    private final Map<String, TrainerMetrics> metrics = new LinkedHashMap<>();

    private RunningTrainers() {
    }

    /**
     * Starts a trainer for the image model when {@code images}, and for the language model
     * when {@code tokenizer} is not null.
     */
    static RunningTrainers start(KafkaClients clients, TopicNames topics, String groupPrefix,
            TrainOptions options, boolean images, Path tokenizer, MeterRegistry registry)
            throws IOException {
        TrainerEnvironment environment = new TrainerEnvironment(clients, topics, groupPrefix,
                new LocalCheckpointStore(options.checkpointDir(), options.keep),
                new CheckpointReader(clients.consumer("unused"), topics.checkpoints(), registry),
                CHECKPOINT_READ_TIMEOUT);
        RunningTrainers running = new RunningTrainers();
        try {
            if (images) {
                SimClrConfig config = SimClrConfig.from(overridden(
                        SimClrConfig.defaults().description(), options.simclr));
                running.add(new SimClrLearner(config), null, topics.imagesBatches(), options,
                        environment, registry);
            }
            if (tokenizer != null) {
                running.addLanguageModel(tokenizer, topics.textBatches(), options, environment,
                        registry);
            }
        } catch (RuntimeException | IOException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private void addLanguageModel(Path tokenizer, String batchTopic, TrainOptions options,
            TrainerEnvironment environment, MeterRegistry registry) throws IOException {
        try (TextTokenizer text = TextTokenizer.load(tokenizer)) {
            LmConfig config = LmConfig.from(overridden(LmConfig.defaults()
                    .withVocabularySize(text.vocabularySize()).description(), options.lm));
            if (config.vocabularySize() != text.vocabularySize()) {
                throw new IllegalArgumentException("--lm vocabularySize="
                        + config.vocabularySize() + " differs from the tokenizer's "
                        + text.vocabularySize() + " tokens (" + tokenizer + ")");
            }
            add(new LmLearner(config), text.json(), batchTopic, options, environment, registry);
        }
    }

    private <P> void add(Learner<P> learner, String tokenizerJson, String batchTopic,
            TrainOptions options, TrainerEnvironment environment, MeterRegistry registry) {
        learners.add(learner);
        String model = learner.description().kind();
        TrainerMetrics trainerMetrics = new TrainerMetrics(registry, model);
        metrics.put(model, trainerMetrics);
        service.start(model, new ModelTrainer<>(learner, options.trainer(model, batchTopic),
                environment, trainerMetrics, tokenizerJson));
    }

    /**
     * The defaults with the user's values put in by name.
     *
     * @throws IllegalArgumentException naming an unknown hyper-parameter and the known ones
     */
    static ModelDescription overridden(ModelDescription defaults, Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(defaults.hyperParameters());
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!merged.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("unknown " + defaults.kind()
                        + " hyper-parameter '" + entry.getKey() + "'; known: "
                        + String.join(", ", new TreeSet<>(merged.keySet())));
            }
            merged.put(entry.getKey(), entry.getValue());
        }
        return new ModelDescription(defaults.kind(), merged);
    }

    /** The first error that stopped a trainer, if any did. */
    Optional<Throwable> failure() {
        return service.failure();
    }

    /** Per model: loss, samples a second and the latest published version. */
    String status() {
        List<String> parts = new ArrayList<>();
        metrics.forEach((model, m) -> parts.add(m.steps() == 0
                ? model + " waiting for batches"
                : String.format("%s loss %.3f, %,.0f samples/s, v%d", model, m.loss(),
                        m.samplesPerSecond(), m.version())));
        return String.join(" | ", parts);
    }

    @Override
    public void close() {
        service.close();
        learners.forEach(Learner::close);
    }
}
