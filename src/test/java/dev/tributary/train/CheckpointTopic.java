package dev.tributary.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.checkpoint.AssemblyResult;
import dev.tributary.checkpoint.CheckpointAssembler;
import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every verified checkpoint manifest of a model on the topic, in the order published. */
final class CheckpointTopic {

    private CheckpointTopic() {
    }

    static List<CheckpointManifest> manifests(KafkaClients clients, TopicNames topics,
            String model) {
        Properties props = clients.consumer("unused");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(topics.checkpoints(), 0);
        List<CheckpointManifest> manifests = new ArrayList<>();
        CheckpointAssembler assembler = new CheckpointAssembler();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record
                        : consumer.poll(Duration.ofMillis(200))) {
                    assembler.accept(record).ifPresent(result -> {
                        if (result instanceof AssemblyResult.Verified verified
                                && verified.checkpoint().model().equals(model)) {
                            manifests.add(verified.checkpoint().manifest());
                        }
                    });
                }
            }
        }
        return manifests;
    }

    /**
     * Checks that the versions count up from 1 without a gap and that between any two of them
     * exactly as many steps were taken as batches consumed: none skipped, none trained twice.
     *
     * @return the next offset of the newest version
     */
    static long assertUnbrokenChain(List<CheckpointManifest> chain, String batchTopic) {
        assertThat(chain).extracting(CheckpointManifest::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, chain.size()).boxed()
                        .toList());
        long previousStep = 0;
        long previousOffset = 0;
        for (CheckpointManifest manifest : chain) {
            long offset = nextOffset(manifest, batchTopic);
            assertThat(manifest.step() - previousStep)
                    .as("steps trained into v%d (step %d, next offset %d)", manifest.version(),
                            manifest.step(), offset)
                    .isEqualTo(offset - previousOffset);
            previousStep = manifest.step();
            previousOffset = offset;
        }
        return previousOffset;
    }

    static long nextOffset(CheckpointManifest manifest, String topic) {
        Map<TopicPartition, Long> offsets = manifest.inputOffsets();
        return offsets.getOrDefault(new TopicPartition(topic, 0), 0L);
    }
}
