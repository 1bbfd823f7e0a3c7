package dev.tributary.train;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointPublishException;
import dev.tributary.checkpoint.CheckpointPublisher;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.LocalCheckpointStore;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.MessageLimits;
import dev.tributary.kafka.TopicNames;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a trainer talks to: the cluster, the topics, the local checkpoint copies.
 *
 * @param clients connection and security settings of every client
 * @param topics the topic names; batches are read from and checkpoints written to these
 * @param groupPrefix prefix of the trainers' consumer groups, e.g. {@code tributary.}
 * @param store the local checkpoint copies
 * @param reader reads the checkpoint topic
 * @param checkpointReadTimeout how long reading the checkpoint topic may take
 */
public record TrainerEnvironment(KafkaClients clients, TopicNames topics, String groupPrefix,
        LocalCheckpointStore store, CheckpointReader reader, Duration checkpointReadTimeout) {

    /** The consumer group of a model's trainers: one member trains, the others stand by. */
    public String groupId(String model) {
        return groupPrefix + "trainer-" + model;
    }

    /**
     * A consumer of a model's batch topic. Offsets are never committed to the group: they live
     * in the checkpoints, which the trainer seeks to.
     */
    KafkaConsumer<String, byte[]> batchConsumer(String model) {
        Properties props = clients.consumer(groupId(model));
        // Batches come from exactly-once topologies: never train on an aborted one.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A batch may be as large as a producer may write; one fetch must hold one.
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "4");
        // Sticky: a standby joining the group must not take the partition from the trainer.
        props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        // A standby should take over within seconds of the active trainer dying.
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The model's only publisher; creating it fences any older trainer of the same model. Its
     * transactional id is the group's name, so deployments under other prefixes never fence
     * each other.
     */
    CheckpointPublisher publisher(String model) throws CheckpointPublishException {
        return new CheckpointPublisher(clients.producer(), topics.checkpoints(), model,
                groupId(model));
    }

    /**
     * The newest valid checkpoint of the model, from the local copies or the topic, whichever
     * has the higher version. The topic can be ahead when a trainer died between publishing
     * and saving its copy, or when another machine trained last.
     */
    Optional<Checkpoint> newestCheckpoint(String model) {
        Optional<Checkpoint> local = store.latestValid(model);
        Optional<Checkpoint> published = reader.latest(model, checkpointReadTimeout);
        return Stream.of(local, published).flatMap(Optional::stream)
                .max(Comparator.comparingLong(c -> c.manifest().version()));
    }
}
