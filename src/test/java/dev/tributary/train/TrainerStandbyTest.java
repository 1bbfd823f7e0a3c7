package dev.tributary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.LocalCheckpointStore;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.data.Batch;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One trainer per model trains and publishes; any other stands by or is fenced. */
class TrainerStandbyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final LmConfig MODEL = LmConfig.defaults().withVocabularySize(300)
            .withShape(16, 1, 32, 2);

    @TempDir
    static Path home;

    private static EmbeddedKafkaBroker broker;
    private static KafkaClients clients;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().dataDir(home.resolve("kafka")).build().start();
        clients = KafkaClients.builder().environment(Map.of())
                .bootstrapServers(broker.bootstrapServers()).build();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void secondTrainerOfTheSameModelStandsByAndPublishesNothing() {
        TopicNames topics = topics("standby.", 400);
        TrainerEnvironment environment = environment(topics, "a");
        TrainerMetrics first = new TrainerMetrics(new SimpleMeterRegistry(), "lm");
        TrainerMetrics second = new TrainerMetrics(new SimpleMeterRegistry(), "lm");
        try (LmLearner a = new LmLearner(MODEL); LmLearner b = new LmLearner(MODEL);
                TrainerService service = new TrainerService()) {
            service.start("lm-a", trainer(a, topics, environment, first));
            await().atMost(WAIT).until(() -> first.version() >= 1);
            service.start("lm-b", trainer(b, topics, environment(topics, "b"), second));

            await().atMost(WAIT).until(() -> first.version() >= 5);
            assertThat(second.steps()).isZero();
            assertThat(second.version()).isZero();
            assertThat(b.stepCount()).isZero();
        }
        CheckpointTopic.assertUnbrokenChain(CheckpointTopic.manifests(clients, topics, "lm"),
                topics.textBatches());
    }

    @Test
    void fencedTrainerStopsPublishingAndResumesFromTheNewOwnersCheckpoint() throws Exception {
        TopicNames topics = topics("fenced.", 2000);
        TrainerMetrics metrics = new TrainerMetrics(new SimpleMeterRegistry(), "lm");
        TrainerEnvironment environment = environment(topics, "a");
        long taken;
        try (LmLearner learner = new LmLearner(MODEL);
                TrainerService service = new TrainerService()) {
            service.start("lm", trainer(learner, topics, environment, metrics));
            await().atMost(WAIT).until(() -> metrics.version() >= 2);

            // Another process takes the model over: its publisher fences the running one.
            taken = metrics.version() + 1_000;
            try (CheckpointPublisher owner = new CheckpointPublisher(clients.producer(),
                    topics.checkpoints(), "lm", environment.groupId("lm"))) {
                owner.publish(takeover(taken, learner, topics));
            }

            long takenOver = taken;
            await().atMost(WAIT).until(() -> metrics.version() > takenOver);
        }
        List<CheckpointManifest> chain = CheckpointTopic.manifests(clients, topics, "lm");
        assertThat(chain).extracting(CheckpointManifest::version).isSorted()
                .doesNotHaveDuplicates();
        long next = taken + 1;
        CheckpointManifest afterTakeover = chain.stream()
                .filter(m -> m.version() == next).findFirst().orElseThrow();
        assertThat(afterTakeover.step()).as("trained on from the new owner's step 10,000")
                .isGreaterThan(10_000);
    }

    private static Checkpoint takeover(long version, LmLearner learner, TopicNames topics) {
        return Checkpoint.builder("lm", version).step(10_000)
                .description(learner.description())
                .metrics(new TrainingMetrics(5.0, 1e-3, 1.0, 100))
                .inputOffsets(Map.of(new TopicPartition(topics.textBatches(), 0), 0L))
                .tokenizerJson(null).build(learner.weights());
    }

    private static ModelTrainer<LmLearner.Tokens> trainer(LmLearner learner, TopicNames topics,
            TrainerEnvironment environment, TrainerMetrics metrics) {
        TrainerConfig config = new TrainerConfig("lm", topics.textBatches(), 5,
                Duration.ofSeconds(1), 0, 0, 2, 5, 1);
        return new ModelTrainer<>(learner, config, environment, metrics, null);
    }

    private static TrainerEnvironment environment(TopicNames topics, String instance) {
        return new TrainerEnvironment(clients, topics, "test.",
                new LocalCheckpointStore(home.resolve(topics.checkpoints()).resolve(instance)),
                new CheckpointReader(clients.consumer("unused"), topics.checkpoints(),
                        new SimpleMeterRegistry()), WAIT);
    }

    /** Fresh topics holding {@code batches} small text batches. */
    private static TopicNames topics(String prefix, int batches) {
        TopicNames topics = TopicNames.withPrefix(prefix);
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, topics, WAIT);
        }
        Random random = new Random(3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < batches; i++) {
                int[] tokens = random.ints(4 * 17, 2, 300).toArray();
                producer.send(new ProducerRecord<>(topics.textBatches(), "lm",
                        Batch.ofInts(new int[] {4, 17}, tokens, 4).toBytes())); // (N, T+1)
            }
        }
        return topics;
    }
}
