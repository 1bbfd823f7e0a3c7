package dev.tributary.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker and KRaft controller running inside this JVM.
 *
 * <p>Both listeners bind 127.0.0.1 only. The data directory is formatted on the first start
 * and reused afterwards, so topics and records survive a restart on the same directory. The
 * node holds a few hundred megabytes of heap once running.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build()) {
 *     broker.start();
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int requestedPort;
    private final int requestedControllerPort;
    private final String clusterId;
    private final Duration startTimeout;
    private final Map<String, String> overrides;

    private KafkaRaftServer server;
    private int port;
    private Duration startDuration = Duration.ZERO;
    private boolean formattedOnStart;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = Objects.requireNonNull(builder.dataDir, "dataDir");
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.clusterId = builder.clusterId;
        this.startTimeout = builder.startTimeout;
        this.overrides = Map.copyOf(builder.overrides);
    }

    /** Starts describing a broker; only the data directory is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats storage if needed, starts the node and blocks until it answers a client.
     *
     * @throws IllegalStateException when the broker is already running or does not answer
     *     within the start timeout
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException(
                    "Kafka broker already running on " + bootstrapServers());
        }
        long began = System.nanoTime();
        port = LoopbackPorts.orFree(requestedPort);
        int controllerPort = LoopbackPorts.orFree(requestedControllerPort);
        Properties props = BrokerProperties.of(dataDir, port, controllerPort, overrides);
        formattedOnStart = formatStorage(props);
        server = launch(props);
        LOG.debug("Kafka server up after {} ms; waiting for it to answer clients",
                (System.nanoTime() - began) / 1_000_000);
        awaitReady();
        startDuration = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("Kafka broker started on {} in {} s (data dir {})", bootstrapServers(),
                String.format(Locale.ROOT, "%.1f", startDuration.toMillis() / 1000.0), dataDir);
        return this;
    }

    private boolean formatStorage(Properties props) {
        try {
            return KraftStorage.formatIfNeeded(dataDir, props, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not format Kafka storage in " + dataDir, e);
        }
    }

    private static KafkaRaftServer launch(Properties props) {
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false),
                Time.SYSTEM);
        try {
            raftServer.startup();
            return raftServer;
        } catch (RuntimeException e) {
            stop(raftServer);
            throw e;
        }
    }

    private void awaitReady() {
        try {
            BrokerReadiness.await(bootstrapServers(), startTimeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The address clients use, such as {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("Kafka broker not started yet");
        }
        return LoopbackPorts.LOOPBACK_HOST + ":" + port;
    }

    /** The client port; known once started, and kept after close for a restart message. */
    public int port() {
        return port;
    }

    /** The directory holding the broker's metadata and topic data. */
    public Path dataDir() {
        return dataDir;
    }

    /** How long the last {@link #start()} took, storage formatting included. */
    public Duration startDuration() {
        return startDuration;
    }

    /** Whether the last {@link #start()} formatted a fresh data directory. */
    public boolean formattedOnStart() {
        return formattedOnStart;
    }

    /** Whether the node is running. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the node down and waits for it; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        stop(server);
        server = null;
        LOG.info("Kafka broker on 127.0.0.1:{} stopped in {} ms", port,
                (System.nanoTime() - began) / 1_000_000);
    }

    private static void stop(KafkaRaftServer raftServer) {
        raftServer.shutdown();
        raftServer.awaitShutdown();
    }

    /** Options of an {@link EmbeddedKafkaBroker}. */
    public static final class Builder {

        private Path dataDir;
        private int port;
        private int controllerPort;
        private String clusterId;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** Where metadata and topic data live; created and formatted when missing. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client port on 127.0.0.1; 0, the default, picks a free one at each start. */
        public Builder port(int clientPort) {
            this.port = requirePort(clientPort);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0, the default, picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = requirePort(port);
            return this;
        }

        /**
         * The cluster id used when formatting a fresh directory; by default a random one. A
         * directory formatted before keeps the id it has. Kafka cluster ids are 16 bytes in
         * URL-safe base64, as {@code kafka-storage random-uuid} prints them.
         */
        public Builder clusterId(String id) {
            if (id != null) {
                Uuid.fromString(id);
            }
            this.clusterId = id;
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer; 60 s by default. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Sets any server property, overriding the embedded defaults. */
        public Builder serverProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Builds a broker that is not started yet. */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0..65535, got " + port);
            }
            return port;
        }
    }
}
