package dev.tributary.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of {@code bench serve} and how they are printed. */
final class BenchServeTable {

    /**
     * One latency row.
     *
     * @param path what was measured
     * @param rate the offered rate a second
     * @param achieved results a second that came back in the window
     * @param latency the window's latencies
     * @param failed requests answered with an error
     * @param targetP99Ms the p99 to meet
     */
    record LatencyRow(String path, double rate, double achieved, LatencySummary latency,
            long failed, double targetP99Ms) {

        boolean met() {
            return latency.count() > 0 && latency.p99Ms() < targetP99Ms && failed == 0;
        }
    }

    /**
     * One swap row: from a publish returning to the first result made by the new version.
     *
     * @param path which model reached which service
     * @param swapMillis one value per publish; negative when the version never showed
     * @param targetMs the median to meet
     */
    record SwapRow(String path, double[] swapMillis, double targetMs) {

        double median() {
            double[] sorted = swapMillis.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        }

        double max() {
            return Arrays.stream(swapMillis).max().orElse(Double.NaN);
        }

        boolean met() {
            return swapMillis.length > 0 && Arrays.stream(swapMillis).allMatch(s -> s >= 0)
                    && median() < targetMs;
        }
    }

    private final List<LatencyRow> latencies = new ArrayList<>();
    private final List<SwapRow> swaps = new ArrayList<>();

    void add(LatencyRow row) {
        latencies.add(row);
    }

    void add(SwapRow row) {
        swaps.add(row);
    }

    /** Prints both tables with the targets and whether each was met. */
    void print(String heading) {
        System.out.printf("%n%s%n%n", heading);
        System.out.printf("%-30s %8s %9s %8s %8s %8s %8s  %s%n", "path", "rate/s", "done/s",
                "count", "p50 ms", "p99 ms", "max ms", "target");
        for (LatencyRow row : latencies) {
            LatencySummary l = row.latency();
            System.out.printf("%-30s %,8.0f %,9.1f %,8d %8.1f %8.1f %8.1f  p99 < %.0f ms %s%s%n",
                    row.path(), row.rate(), row.achieved(), l.count(), l.p50Ms(), l.p99Ms(),
                    l.maxMs(), row.targetP99Ms(), row.met() ? "met" : "MISSED",
                    row.failed() > 0 ? " (" + row.failed() + " failed)" : "");
        }
        System.out.printf("%n%-30s %8s %9s %8s  %s%n", "swap", "publishes", "median ms",
                "max ms", "target");
        for (SwapRow row : swaps) {
            System.out.printf("%-30s %8d %9.0f %8.0f  median < %.0f ms %s%n", row.path(),
                    row.swapMillis().length, row.median(), row.max(), row.targetMs(),
                    row.met() ? "met" : "MISSED");
        }
    }
}
