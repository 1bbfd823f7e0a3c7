package dev.tributary.cli;

import dev.tributary.kafka.RecordReplayer;
import java.util.concurrent.TimeUnit;

/** Prints how a replay is going, a line every couple of seconds. */
final class ProgressPrinter implements RecordReplayer.Progress {

    private final String topic;
    private long elapsedNanos;

    ProgressPrinter(String topic) {
        this.topic = topic;
    }

    @Override
    public void sent(long records, long elapsedNanos) {
        this.elapsedNanos = elapsedNanos;
        System.out.printf("%s: %,d records sent (%,.0f/s)%n", topic, records,
                records / Math.max(1e-9, elapsedNanos / 1e9));
    }

    void done(long acknowledged) {
        System.out.printf("Sent %,d records to %s in %.1f s.%n", acknowledged, topic,
                elapsedNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
