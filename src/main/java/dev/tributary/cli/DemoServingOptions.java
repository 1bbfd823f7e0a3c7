package dev.tributary.cli;

import picocli.CommandLine.Option;

/**
 * How the demo serves its checkpoints: the adapter's port, the linear-probe cadence, and the
 * engine's intra-op threads.
 */
final class DemoServingOptions {

    /** The engine's intra-op threads; read once, when the engine loads. */
    private static final String ENGINE_THREADS = "ai.djl.pytorch.num_threads";

    @Option(names = "--engine-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads of every model call in the demo "
                    + "(default: ${DEFAULT-VALUE}).")
    int engineThreads;

    @Option(names = "--adapter-port", defaultValue = "8080",
            description = "Port of the adapter HTTP service on 127.0.0.1; any free one when it "
                    + "is taken, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int adapterPort;

    @Option(names = "--probe-every", defaultValue = "3", paramLabel = "N",
            description = "Fit a linear probe on every Nth SimCLR checkpoint version and print "
                    + "its Fashion-MNIST test accuracy; 0 for never (default: ${DEFAULT-VALUE}).")
    int probeEvery;

    @Option(names = "--probe-train-images", defaultValue = "3000",
            description = "Train images the probe is fitted on (default: ${DEFAULT-VALUE}).")
    int probeTrainImages;

    @Option(names = "--probe-test-images", defaultValue = "2000",
            description = "Test images the probe is scored on (default: ${DEFAULT-VALUE}).")
    int probeTestImages;

    /**
     * Sets the engine's intra-op threads unless the JVM was started with the property. The
     * demo keeps more threads busy than there are cores (ingest, two trainers, two embed
     * services, HTTP, probes, the broker), and there a call spread over two intra-op threads
     * waits for both to be scheduled: on two cores shared with other work, embedding 64 images
     * took 1,419 ms with two threads and 80 ms with one.
     */
    void applyEngineThreads() {
        if (engineThreads < 1) {
            throw new IllegalArgumentException("--engine-threads must be positive, not "
                    + engineThreads);
        }
        if (System.getProperty(ENGINE_THREADS) == null) {
            System.setProperty(ENGINE_THREADS, Integer.toString(engineThreads));
        }
    }
}
