package dev.tributary.embed;

import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.metrics.LoadObservations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures a running embed service from outside, as a producer and a downstream consumer see
 * it: raw records go out at a fixed rate, and every embedding that reaches a
 * {@code read_committed} consumer is timed from its input's {@code send()} call to its arrival.
 * The input carries its send time in the header {@value #SENT_HEADER}, which the service copies
 * onto the embedding with the other input headers; both ends run in this JVM, so the times
 * are {@link System#nanoTime()} readings. The first arrival of each checkpoint version is
 * noted too, which gives swap times.
 */
public final class EmbedLatencyBenchmark implements AutoCloseable {

    /** The input's send time, {@code System.nanoTime()} as 8 big-endian bytes. */
    public static final String SENT_HEADER = "bench.sent.nanos";

    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * What one timed window saw.
     *
     * @param latencyNanos send-to-arrival of each embedding that arrived in the window
     * @param sent inputs sent in the window
     * @param seconds the window's length
     */
    public record Window(long[] latencyNanos, long sent, double seconds) {
    }

    private final String rawTopic;
    private final String embeddingTopic;
    private final List<byte[]> values;
    private final double rate;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread sender;
    private final Thread receiver;
    private final AtomicLong sent = new AtomicLong();
    private final LoadObservations observed = new LoadObservations();
    private volatile boolean stopped;

    /**
     * A benchmark that sends nothing until {@link #start()}.
     *
     * @param values the raw record values to send, in a loop
     * @param rate inputs a second
     */
    public EmbedLatencyBenchmark(KafkaClients clients, TopicNames topics, Modality modality,
            List<byte[]> values, double rate) {
        if (values.isEmpty() || rate <= 0) {
            throw new IllegalArgumentException("need values and a positive rate");
        }
        this.rawTopic = modality.rawTopic(topics);
        this.embeddingTopic = modality.embeddingTopic(topics);
        this.values = List.copyOf(values);
        this.rate = rate;
        this.producer = new KafkaProducer<>(clients.producer(), new StringSerializer(),
                new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(consumerSettings(clients),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.sender = new Thread(this::send, "bench-send-" + modality.tag());
        this.receiver = new Thread(this::receive, "bench-receive-" + modality.tag());
    }

    private static Properties consumerSettings(KafkaClients clients) {
        Properties props = clients.admin();
        // A downstream reader must never see an embedding whose transaction was aborted.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** Starts reading the embeddings from their current end, then sending. */
    public void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(embeddingTopic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before any send
        receiver.start();
        sender.start();
    }

    /**
     * Lets the load run for the warm-up, then records one window.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Window measure(Duration warmup, Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        observed.startWindow();
        long sentBefore = sent.get();
        long began = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        long[] window = observed.drainLatencies();
        return new Window(window, sent.get() - sentBefore, (System.nanoTime() - began) / 1e9);
    }

    /**
     * Waits until an embedding made by the version (or a newer one) arrives.
     *
     * @return the {@link System#nanoTime()} of its arrival, or -1 when none came in time
     */
    public long awaitVersion(long version, Duration timeout) throws InterruptedException {
        return observed.awaitVersion(version, timeout);
    }

    private void send() {
        long start = System.nanoTime();
        long count = 0;
        while (!stopped) {
            long due = start + (long) (count * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(rawTopic,
                    "bench-" + count, values.get((int) (count % values.size())));
            record.headers().add(SENT_HEADER,
                    ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array());
            producer.send(record);
            sent.incrementAndGet();
            count++;
        }
    }

    private void receive() {
        try {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    note(record, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() ends the poll under way
        }
    }

    private void note(ConsumerRecord<byte[], byte[]> record, long arrived) {
        Header sentAt = record.headers().lastHeader(SENT_HEADER);
        Header version = record.headers().lastHeader(EmbeddingRecords.CHECKPOINT_VERSION);
        if (sentAt == null || version == null) {
            return; // not one of ours
        }
        observed.observe(arrived - ByteBuffer.wrap(sentAt.value()).getLong(),
                Long.parseLong(new String(version.value(), StandardCharsets.UTF_8)), arrived);
    }

    /** Stops sending and reading; what was sent is flushed. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        consumer.wakeup();
        if (sender.isAlive()) {
            sender.join();
        }
        if (receiver.isAlive()) {
            receiver.join();
        }
        producer.close();
        consumer.close();
    }
}
