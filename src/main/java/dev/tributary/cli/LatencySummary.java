package dev.tributary.cli;

import java.util.Arrays;

/**
 * Percentiles of measured latencies, nearest-rank, in milliseconds.
 *
 * @param count how many latencies there were
 * @param p50Ms the median
 * @param p99Ms the 99th percentile
 * @param maxMs the largest
 */
record LatencySummary(int count, double p50Ms, double p99Ms, double maxMs) {

    /** Of latencies in nanoseconds; all NaN when there are none. */
    static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, rank(sorted, 0.50) / 1e6,
                rank(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
