package dev.tributary.metrics;

import java.time.Duration;

/**
 * Histogram bucket bounds for latency timers. A timer given a short, fixed list of bounds
 * publishes one {@code _bucket} series per bound, from which Prometheus computes any quantile
 * ({@code histogram_quantile}) across instances; Micrometer's own percentile histogram would
 * publish about 70 series per timer instead.
 */
public final class LatencyBuckets {

    private LatencyBuckets() {
    }

    /** The bounds, given in milliseconds. */
    public static Duration[] milliseconds(long... bounds) {
        Duration[] durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofMillis(bounds[i]);
        }
        return durations;
    }
}
