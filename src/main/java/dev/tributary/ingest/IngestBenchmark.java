package dev.tributary.ingest;

import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures ingest throughput against a plain consumer reading the same raw records, so the
 * ratio says what validation, decoding, tokenizing, batching and exactly-once commits cost on
 * this machine. Both read records already in the topic, so producing is not measured.
 */
public final class IngestBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    /** Records a second, and tokens a second for text, of one timed pass. */
    public record Pass(double recordsPerSecond, double tokensPerSecond) {
    }

    private final KafkaClients clients;
    private final TopicNames topics;
    private final Path stateDir;
    private final int threads;

    public IngestBenchmark(KafkaClients clients, TopicNames topics, Path stateDir, int threads) {
        this.clients = clients;
        this.topics = topics;
        this.stateDir = stateDir;
        this.threads = threads;
    }

    /** Reads {@code count} records of a topic from the start with a plain consumer. */
    public Pass plainConsumer(String topic, long count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                clients.consumer("unused"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long start = 0;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (read < count && System.nanoTime() < deadline) {
                int polled = consumer.poll(Duration.ofMillis(200)).count();
                if (polled > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += polled;
            }
            requireAll(topic, read, count);
            return new Pass(read / seconds(start), 0);
        }
    }

    /** Runs one topology over {@code count} raw records as a new application. */
    public Pass topology(String applicationPrefix, TextIngestConfig text,
            ImageIngestConfig images, long count) {
        IngestService.Settings settings = new IngestService.Settings(clients, topics,
                applicationPrefix, stateDir.resolve(applicationPrefix), threads, text, images);
        try (IngestService ingest = new IngestService(settings, new SimpleMeterRegistry())) {
            IngestMetrics metrics = text != null ? ingest.textMetrics() : ingest.imageMetrics();
            ingest.start();
            long start = awaitCount(metrics, IngestMetrics::received, 1);
            awaitCount(metrics, IngestMetrics::received, count);
            double elapsed = seconds(start);
            awaitCount(metrics, m -> m.batchedRecords() + m.rejectedTotal(), count);
            return new Pass(count / elapsed, metrics.tokens() / elapsed);
        }
    }

    /** Polls a meter until it reaches {@code target}; returns the time it did, in nanos. */
    private static long awaitCount(IngestMetrics metrics, ToDoubleFunction<IngestMetrics> meter,
            long target) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (meter.applyAsDouble(metrics) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingest reached " + meter.applyAsDouble(metrics)
                        + " of " + target + " records in " + LIMIT.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("benchmark interrupted", e);
            }
        }
        return System.nanoTime();
    }

    private static void requireAll(String topic, long read, long expected) {
        if (read < expected) {
            throw new IllegalStateException("read only " + read + " of " + expected
                    + " records from " + topic);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
