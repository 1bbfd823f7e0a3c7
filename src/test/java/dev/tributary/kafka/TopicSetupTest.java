package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicSetupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start();
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void creatingTwiceIsHarmlessAndReportsWhatExisted() {
        TopicNames names = TopicNames.withPrefix("twice.");

        TopicSetupResult first = TopicSetup.defaults().apply(admin, names, TIMEOUT);
        TopicSetupResult second = TopicSetup.defaults().apply(admin, names, TIMEOUT);

        assertThat(first.created()).containsExactlyElementsOf(names.all());
        assertThat(first.existing()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyElementsOf(names.all());
        assertThat(second.summary()).startsWith("created 0 topics");
    }

    @Test
    void defaultPartitionsFollowTheKeyOfEachTopic() throws Exception {
        TopicNames names = TopicNames.withPrefix("defaults.");

        TopicSetup.defaults().apply(admin, names, TIMEOUT);

        assertThat(partitions(names)).containsExactly(3, 3, 1, 1, 1, 1, 3, 3);
    }

    @Test
    void configuredPartitionsAreCreated() throws Exception {
        TopicNames names = TopicNames.withPrefix("custom.");
        TopicSetup setup = TopicSetup.defaults()
                .withRawPartitions(2)
                .withBatchPartitions(4)
                .withEmbeddingPartitions(5)
                .withReplicationFactor(TopicSetup.BROKER_DEFAULT_REPLICATION);

        setup.apply(admin, names, TIMEOUT);

        assertThat(partitions(names)).containsExactly(2, 2, 4, 4, 1, 1, 5, 5);
    }

    @Test
    void batchTopicsAdmitSixteenMebibyteRecords() throws Exception {
        TopicNames names = TopicNames.withPrefix("limits.");

        TopicSetup.defaults().apply(admin, names, TIMEOUT);

        int maxBytes = Integer.parseInt(topicConfig(names.imagesBatches())
                .get("max.message.bytes").value());
        assertThat(maxBytes).isGreaterThan(MessageLimits.MAX_BATCH_RECORD_BYTES);
        assertThat(topicConfig(names.checkpoints()).get("retention.ms").value()).isEqualTo("-1");
    }

    @Test
    void rejectsZeroPartitions() {
        assertThatThrownBy(() -> TopicSetup.defaults().withRawPartitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rawPartitions");
    }

    private static List<Integer> partitions(TopicNames names) throws Exception {
        Map<String, TopicDescription> described =
                admin.describeTopics(names.all()).allTopicNames().get();
        return names.all().stream().map(n -> described.get(n).partitions().size()).toList();
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
