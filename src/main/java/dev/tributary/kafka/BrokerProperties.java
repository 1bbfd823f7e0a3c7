package dev.tributary.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The server settings of the embedded single-node broker: one process that is both broker and
 * KRaft controller, listening on loopback only, sized for a demo on a laptop.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Internal topics get a few partitions, not Kafka's fifty, so they are created fast. */
    private static final String INTERNAL_TOPIC_PARTITIONS = "3";
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private BrokerProperties() {
    }

    /** Returns the complete server configuration; {@code overrides} win over every default. */
    static Properties of(Path dataDir, int clientPort, int controllerPort,
            Map<String, String> overrides) {
        Properties props = new Properties();
        putRoleAndListeners(props, clientPort, controllerPort);
        putStorage(props, dataDir);
        putSingleNodeReplication(props);
        putDemoDefaults(props);
        props.putAll(overrides);
        return props;
    }

    private static void putRoleAndListeners(Properties props, int clientPort, int controllerPort) {
        String host = LoopbackPorts.LOOPBACK_HOST;
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        // Explicit loopback hosts: an empty host would bind every interface.
        props.put("listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    }

    private static void putStorage(Properties props, Path dataDir) {
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        // Small segments let retention free disk in steps a demo can see.
        props.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        props.put("log.retention.ms", Long.toString(7 * DAY_MS));
        props.put("log.retention.check.interval.ms", "60000");
    }

    /** A single node cannot hold three replicas; the defaults would make internal topics fail. */
    private static void putSingleNodeReplication(Properties props) {
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    }

    private static void putDemoDefaults(Properties props) {
        // Topics are created on purpose by the topic setup; a typo must not create a topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("message.max.bytes", Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        // No waiting for more members: there is rarely more than one on a demo machine.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        // Two shared cores: Kafka's thread defaults would mostly wait on each other.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
    }
}
