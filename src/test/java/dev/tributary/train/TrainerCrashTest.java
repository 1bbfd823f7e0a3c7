package dev.tributary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.data.Batch;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer in its own JVM, killed with SIGKILL at random moments and started again, must leave
 * behind one unbroken chain of checkpoints: versions without gaps, and between any two of them
 * exactly as many steps as batches consumed, so no batch was trained twice after a restore and
 * none was skipped.
 */
class TrainerCrashTest {

    private static final int BATCHES = 150;
    private static final int KILLS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** The trainers' output, kept for a look after a failure. */
    private static final Path LOG = Path.of("target", "TrainerCrashTest-trainers.log");

    @TempDir
    static Path home;

    private static EmbeddedKafkaBroker broker;
    private static KafkaClients clients;
    private static final TopicNames TOPICS = TopicNames.withPrefix("crash.");

    @BeforeAll
    static void startBroker() throws IOException {
        Files.deleteIfExists(LOG);
        broker = EmbeddedKafkaBroker.builder().dataDir(home.resolve("kafka")).build().start();
        clients = KafkaClients.builder().bootstrapServers(broker.bootstrapServers()).build();
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, TOPICS, Duration.ofSeconds(30));
        }
        new BpeTrainer(BpeTrainerConfig.withVocabSize(300)).trainAndWrite(
                List.of("the quick brown fox jumps over the lazy dog", "the dog sleeps"),
                home.resolve("tokenizer.json"));
        produceBatches();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void killedTrainerResumesWithoutLosingOrRepeatingABatch() throws Exception {
        Random random = new Random(7);
        for (int kill = 0; kill < KILLS; kill++) {
            long before = latestVersion();
            Process trainer = startTrainer();
            try {
                await().atMost(RUN_TIMEOUT).until(() -> latestVersion() > before);
                Thread.sleep(random.nextInt(1500)); // a moment in the middle of a step or publish
            } finally {
                trainer.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            }
        }
        Process last = startTrainer();
        try {
            await().atMost(RUN_TIMEOUT).until(() -> consumedOffset(latestManifest()) == BATCHES);
        } finally {
            last.destroyForcibly().waitFor();
        }

        List<CheckpointManifest> chain = CheckpointTopic.manifests(clients, TOPICS, "lm");
        assertThat(CheckpointTopic.assertUnbrokenChain(chain, TOPICS.textBatches()))
                .isEqualTo(BATCHES);
    }

    private static Process startTrainer() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.tributary.cli.Main", "train",
                "--only", "text", "--bootstrap-servers", broker.bootstrapServers(),
                "--topic-prefix", "crash.",
                "--tokenizer", home.resolve("tokenizer.json").toString(),
                "--checkpoint-dir", home.resolve("checkpoints").toString(),
                "--checkpoint-every-steps", "4", "--checkpoint-every", "1s",
                "--replay-capacity", "0",
                "--lm", "layers=1", "--lm", "width=32", "--lm", "heads=2",
                "--lm", "contextLength=16"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        builder.environment().put("DJL_OFFLINE", "true");
        // The killed trainer's group membership must expire quickly for the next to take over.
        builder.environment().put("TRIBUTARY_KAFKA_SESSION_TIMEOUT_MS", "6000");
        builder.environment().put("TRIBUTARY_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        return builder.start();
    }

    private static void produceBatches() {
        Random random = new Random(1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < BATCHES; i++) {
                int[] tokens = random.ints(4 * 17, 2, 258).toArray(); // byte tokens: always there
                Batch batch = Batch.ofInts(new int[] {4, 17}, tokens, 1); // (N, T+1)
                producer.send(new ProducerRecord<>(TOPICS.textBatches(), "lm", batch.toBytes()));
            }
        }
    }

    private static long latestVersion() {
        CheckpointManifest manifest = latestManifest();
        return manifest == null ? 0 : manifest.version();
    }

    private static CheckpointManifest latestManifest() {
        List<CheckpointManifest> chain = CheckpointTopic.manifests(clients, TOPICS, "lm");
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    private static long consumedOffset(CheckpointManifest manifest) {
        return manifest == null ? 0 : CheckpointTopic.nextOffset(manifest, TOPICS.textBatches());
    }
}
