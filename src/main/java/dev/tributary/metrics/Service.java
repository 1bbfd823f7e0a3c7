package dev.tributary.metrics;

import java.util.Locale;

/**
 * The kinds of Tributary process, each the value of the {@code service} tag on every meter it
 * exports and each with a metrics port of its own, so that several run on one host without
 * clashing.
 */
public enum Service {
    DEMO(9400),
    INGEST(9401),
    TRAIN(9402),
    EMBED(9403),
    SERVE(9404);

    private final int defaultPort;

    Service(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The value of the {@code service} tag: the command's name, such as {@code ingest}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The port {@code /metrics} listens on unless configured otherwise. */
    public int defaultPort() {
        return defaultPort;
    }
}
