package dev.tributary.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Tributary's topics, leaving any that exist as they are, so running it twice is
 * harmless.
 *
 * <p>Partition counts: raw and embedding topics default to 3, the unit of parallelism for
 * ingest and embed instances. Batch topics default to 1 because a batch is keyed by model name
 * and one trainer per model reads it, so more partitions would sit idle. The DLQ and the
 * checkpoint topic have 1, which keeps checkpoint chunks in one ordered log.
 *
 * @param rawPartitions partitions of the raw input topics
 * @param batchPartitions partitions of the training-batch topics
 * @param embeddingPartitions partitions of the embedding topics
 * @param replicationFactor replicas of every topic; -1 takes the broker's default
 */
public record TopicSetup(
        int rawPartitions, int batchPartitions, int embeddingPartitions, short replicationFactor) {

    /** Replication factor meaning "whatever the broker's default.replication.factor is". */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final long GIB = 1024L * 1024 * 1024;

    /** Rejects counts Kafka would reject, before any topic is created. */
    public TopicSetup {
        requirePositive("rawPartitions", rawPartitions);
        requirePositive("batchPartitions", batchPartitions);
        requirePositive("embeddingPartitions", embeddingPartitions);
        if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException(
                    "replicationFactor must be positive or -1, got " + replicationFactor);
        }
    }

    /** Three partitions for raw and embedding topics, one elsewhere, one replica. */
    public static TopicSetup defaults() {
        return new TopicSetup(3, 1, 3, (short) 1);
    }

    /** The same settings with another partition count for the raw topics. */
    public TopicSetup withRawPartitions(int partitions) {
        return new TopicSetup(partitions, batchPartitions, embeddingPartitions, replicationFactor);
    }

    /** The same settings with another partition count for the batch topics. */
    public TopicSetup withBatchPartitions(int partitions) {
        return new TopicSetup(rawPartitions, partitions, embeddingPartitions, replicationFactor);
    }

    /** The same settings with another partition count for the embedding topics. */
    public TopicSetup withEmbeddingPartitions(int partitions) {
        return new TopicSetup(rawPartitions, batchPartitions, partitions, replicationFactor);
    }

    /** The same settings with another replication factor; -1 for the broker's default. */
    public TopicSetup withReplicationFactor(short factor) {
        return new TopicSetup(rawPartitions, batchPartitions, embeddingPartitions, factor);
    }

    /** The topics these settings describe, with their partitions and configs. */
    public List<NewTopic> plan(TopicNames names) {
        Map<String, String> kept = retention(7 * DAY_MS, -1);
        // Batches are consumed minutes after they are made; a day covers a stopped trainer.
        Map<String, String> batches = Map.of(
                "retention.ms", Long.toString(DAY_MS),
                "retention.bytes", Long.toString(GIB),
                "max.message.bytes", Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        // Time never expires a checkpoint; the size bound drops the oldest versions first.
        Map<String, String> checkpoints = Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "-1",
                "retention.bytes", Long.toString(2 * GIB));
        return List.of(
                topic(names.textRaw(), rawPartitions, kept),
                topic(names.imagesRaw(), rawPartitions, kept),
                topic(names.textBatches(), batchPartitions, batches),
                topic(names.imagesBatches(), batchPartitions, batches),
                topic(names.dlq(), 1, kept),
                topic(names.checkpoints(), 1, checkpoints),
                topic(names.textEmbeddings(), embeddingPartitions, kept),
                topic(names.imagesEmbeddings(), embeddingPartitions, kept));
    }

    /**
     * Creates every planned topic that does not exist yet.
     *
     * @param timeout how long to wait for the broker to answer for each topic
     * @throws IllegalStateException when a topic can be neither created nor found
     */
    public TopicSetupResult apply(Admin admin, TopicNames names, Duration timeout) {
        Map<String, KafkaFuture<Void>> futures = admin.createTopics(plan(names)).values();
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (String name : names.all()) {
            (await(name, futures.get(name), timeout) ? created : existing).add(name);
        }
        awaitVisible(admin, names, timeout);
        TopicSetupResult result = new TopicSetupResult(created, existing);
        LOG.info("Topic setup: {}", result.summary());
        return result;
    }

    /**
     * Waits until the broker serves every topic: the controller confirms a creation before the
     * brokers' metadata has caught up, and a client asking in between is told the topic is
     * unknown.
     */
    private static void awaitVisible(Admin admin, TopicNames names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeTopics(names.all()).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + names.all()
                            + " not visible after " + timeout.toSeconds() + " s", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topics", e);
            }
        }
    }

    /** Returns true when the topic was created, false when it existed. */
    private static boolean await(String name, KafkaFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("Could not create topic " + name + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + name + " took over "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    private NewTopic topic(String name, int partitions, Map<String, String> configs) {
        Optional<Short> replicas = replicationFactor == BROKER_DEFAULT_REPLICATION
                ? Optional.empty() : Optional.of(replicationFactor);
        return new NewTopic(name, Optional.of(partitions), replicas).configs(configs);
    }

    private static Map<String, String> retention(long ms, long bytes) {
        return Map.of("retention.ms", Long.toString(ms), "retention.bytes", Long.toString(bytes));
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }
}
