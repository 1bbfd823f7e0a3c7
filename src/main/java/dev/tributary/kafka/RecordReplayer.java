package dev.tributary.kafka;

import dev.tributary.data.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends a data set to a topic the way a real client would: one record an item, the label in a
 * {@code label} header, at a steady rate or as fast as the producer goes, once or in a loop.
 */
public final class RecordReplayer {

    /** Header carrying the optional label of a raw record. */
    public static final String LABEL_HEADER = "label";

    /**
     * What to replay and how.
     *
     * @param topic the raw topic to write
     * @param ratePerSecond records a second; zero or less for as fast as possible
     * @param limit stop after this many records; zero or less for no limit
     * @param loop start the data set again at its end, until the limit or an interrupt
     */
    public record Options(String topic, double ratePerSecond, long limit, boolean loop) {
    }

    /** Told every so often how many records have been sent. */
    @FunctionalInterface
    public interface Progress {
        void sent(long records, long elapsedNanos);
    }

    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private RecordReplayer() {
    }

    /**
     * Replays records until the data set ends (without {@code loop}), the limit is reached or
     * the thread is interrupted, then flushes.
     *
     * @return the number of records acknowledged by the broker
     * @throws KafkaException when any send failed, with the first failure as the cause
     */
    public static long replay(Producer<String, byte[]> producer,
            Supplier<Iterator<RawRecord>> dataSet, Options options, Progress progress) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long lastProgress = start;
        long sent = 0;
        Iterator<RawRecord> records = dataSet.get();
        while (!Thread.currentThread().isInterrupted() && failure.get() == null
                && (options.limit() <= 0 || sent < options.limit())) {
            if (!records.hasNext()) {
                if (!options.loop() || sent == 0) {
                    break;
                }
                records = dataSet.get();
            }
            pace(options.ratePerSecond(), start, sent);
            producer.send(toProducerRecord(options.topic(), records.next()), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failure.compareAndSet(null, error);
                }
            });
            sent++;
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                progress.sent(sent, now - start);
                lastProgress = now;
            }
        }
        // An interrupt ends the replay, not the flush of what was already sent.
        boolean interrupted = Thread.interrupted();
        producer.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        progress.sent(sent, System.nanoTime() - start);
        if (failure.get() != null) {
            throw new KafkaException("sending to " + options.topic() + " failed after "
                    + acknowledged.get() + " records: " + failure.get().getMessage(),
                    failure.get());
        }
        return acknowledged.get();
    }

    static ProducerRecord<String, byte[]> toProducerRecord(String topic, RawRecord record) {
        ProducerRecord<String, byte[]> producerRecord =
                new ProducerRecord<>(topic, record.key(), record.value());
        if (record.label() != null) {
            producerRecord.headers().add(LABEL_HEADER,
                    record.label().getBytes(StandardCharsets.UTF_8));
        }
        return producerRecord;
    }

    /** Sleeps until the next record is due, so the long-run rate is {@code rate} a second. */
    private static void pace(double rate, long startNanos, long sent) {
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) (sent * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > TimeUnit.MILLISECONDS.toNanos(1)) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
