package dev.tributary.adapt;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.checkpoint.CheckpointRecords;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.data.Batch;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.kafka.EmbeddedKafkaBroker;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.model.AugmentationConfig;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.LearningRateSchedule;
import dev.tributary.model.Learner;
import dev.tributary.model.LmConfig;
import dev.tributary.model.LmLearner;
import dev.tributary.model.SimClrConfig;
import dev.tributary.model.SimClrLearner;
import dev.tributary.model.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real in-process broker with Tributary's topics and two small real learners, a SimCLR
 * encoder and a language model with a byte-level BPE tokenizer trained on the fortunes, that
 * take a few steps before each checkpoint they publish.
 */
final class AdapterKafka implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int CONTEXT = 64;

    private final EmbeddedKafkaBroker broker;
    private final KafkaClients clients;
    private final String topic;
    private SimClrLearner images;
    private LmLearner text;
    private String tokenizerJson;
    private int[] tokens;

    private AdapterKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.clients = KafkaClients.builder().environment(Map.of())
                .bootstrapServers(broker.bootstrapServers()).build();
        TopicNames names = TopicNames.defaults();
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetup.defaults().apply(admin, names, TIMEOUT);
        }
        this.topic = names.checkpoints();
    }

    static AdapterKafka start(Path dataDir) {
        return new AdapterKafka(EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start());
    }

    Properties clientProps() {
        return clients.admin();
    }

    String topic() {
        return topic;
    }

    /** A SimCLR encoder small enough to step in well under a second: stages 16 and 32. */
    static SimClrConfig smallImageConfig() {
        return new SimClrConfig(1, 28, 28, 8, List.of(16, 32), 1, 32, 16, 0.2f,
                new LearningRateSchedule(1e-3f, 1, 10_000, 1e-4f), 1e-4f, 1.0f,
                AugmentationConfig.defaults(), 42L);
    }

    /** Trains the image encoder two more steps and publishes it as the given version. */
    Checkpoint publishImages(long version) throws Exception {
        if (images == null) {
            images = new SimClrLearner(smallImageConfig());
        }
        train(images, imageBatch());
        return publish(images, "simclr", version, null);
    }

    /** An image-encoder checkpoint trained two steps, made without a broker. */
    static Checkpoint imageCheckpoint(long version) throws Exception {
        try (SimClrLearner learner = new SimClrLearner(smallImageConfig())) {
            train(learner, imageBatch());
            return checkpoint(learner, "simclr", version, null);
        }
    }

    /** Trains the language model two more steps and publishes it as the given version. */
    Checkpoint publishText(long version) throws Exception {
        if (text == null) {
            prepareText();
        }
        Batch batch = Batch.ofInts(new int[] {8, CONTEXT + 1}, tokens, 8); // (N, T+1)
        train(text, batch);
        return publish(text, "lm", version, tokenizerJson);
    }

    private void prepareText() throws Exception {
        List<String> documents = fortuneDocuments();
        tokenizerJson = trainTokenizer(documents);
        tokens = tokenStream(tokenizerJson, documents);
        text = newLanguageModel();
    }

    /**
     * A language-model checkpoint trained two steps, with its tokenizer, made without a broker
     * for a holder to install directly; the caller closes nothing, the learner is closed here.
     */
    static Checkpoint textCheckpoint(long version) throws Exception {
        List<String> documents = fortuneDocuments();
        String json = trainTokenizer(documents);
        try (LmLearner learner = newLanguageModel()) {
            Batch batch = Batch.ofInts(new int[] {8, CONTEXT + 1}, tokenStream(json, documents),
                    8); // (N, T+1)
            train(learner, batch);
            return checkpoint(learner, "lm", version, json);
        }
    }

    private static List<String> fortuneDocuments() throws Exception {
        return FortuneReader.readDefault().stream().map(Fortune::text).limit(2000).toList();
    }

    private static String trainTokenizer(List<String> documents) throws Exception {
        Path file = Files.createTempFile("adapter-tokenizer", ".json");
        try {
            new BpeTrainer(BpeTrainerConfig.withVocabSize(300)).trainAndWrite(documents, file);
            return Files.readString(file);
        } finally {
            Files.delete(file);
        }
    }

    private static int[] tokenStream(String json, List<String> documents) throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.fromJson(json)) {
            int[] stream = tokenizer.encode(String.join("\n", documents.subList(0, 50)));
            return Arrays.copyOf(stream, 8 * (CONTEXT + 1));
        }
    }

    private static LmLearner newLanguageModel() {
        return new LmLearner(LmConfig.defaults().withVocabularySize(300)
                .withShape(CONTEXT, 1, 32, 2));
    }

    /** Writes a version whose first weight chunk has one byte flipped, in one transaction. */
    void commitCorrupt(Checkpoint good, long version) throws Exception {
        Checkpoint next = Checkpoint.builder(good.model(), version).step(good.manifest().step())
                .description(good.manifest().description()).metrics(good.manifest().metrics())
                .tokenizerJson(good.manifest().tokenizerJson()).build(good.weights().clone());
        List<ProducerRecord<String, byte[]>> records = CheckpointRecords.of(topic, next);
        records.get(0).value()[100] ^= 0x40;
        Properties props = clients.producer();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-corrupt-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        }
    }

    private static Batch imageBatch() throws Exception {
        FashionMnist data = FashionMnist.load(FashionMnist.Split.TEST);
        float[] pixels = new float[16 * 28 * 28];
        Random random = new Random(3);
        for (int i = 0; i < 16; i++) {
            byte[] image = data.pixels(random.nextInt(data.count()));
            for (int p = 0; p < image.length; p++) {
                pixels[i * image.length + p] = (image[p] & 0xff) / 255f;
            }
        }
        return Batch.ofFloats(new int[] {16, 1, 28, 28}, pixels, 16); // (N, C, H, W)
    }

    private static <P> void train(Learner<P> learner, Batch batch) {
        for (int i = 0; i < 2; i++) {
            learner.step(learner.prepare(batch));
        }
    }

    private Checkpoint publish(Learner<?> learner, String model, long version, String json)
            throws Exception {
        Checkpoint checkpoint = checkpoint(learner, model, version, json);
        try (CheckpointPublisher publisher = new CheckpointPublisher(clients.producer(), topic,
                model)) {
            publisher.publish(checkpoint);
        }
        return checkpoint;
    }

    private static Checkpoint checkpoint(Learner<?> learner, String model, long version,
            String json) {
        return Checkpoint.builder(model, version).step(learner.stepCount())
                .description(learner.description())
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10)).tokenizerJson(json)
                .build(learner.weights());
    }

    @Override
    public void close() throws Exception {
        if (images != null) {
            images.close();
        }
        if (text != null) {
            text.close();
        }
        broker.close();
    }
}
