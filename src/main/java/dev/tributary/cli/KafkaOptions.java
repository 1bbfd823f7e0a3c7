package dev.tributary.cli;

import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of every command that talks to Kafka. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to connect to. Otherwise "
                    + "$TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS, the --client-config file, "
                    + "or 127.0.0.1:9092.")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Kafka client properties (security settings and any other client "
                    + "setting). Environment variables TRIBUTARY_KAFKA_<KEY> override it, e.g. "
                    + "TRIBUTARY_KAFKA_SECURITY_PROTOCOL=SSL.")
    Path clientConfig;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            defaultValue = TopicNames.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    /** Client settings from the options, the environment and the config file. */
    KafkaClients clients() {
        return KafkaClients.builder().bootstrapServers(bootstrapServers)
                .clientConfig(clientConfig).build();
    }

    /** Client settings of a broker that has answered, or a clear error saying none did. */
    KafkaClients reachableClients() {
        KafkaClients clients = clients();
        KafkaClients.requireReachable(clients.admin(), Duration.ofSeconds(5));
        return clients;
    }

    TopicNames topics() {
        return TopicNames.withPrefix(topicPrefix);
    }
}
