package dev.tributary.cli;

import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicSetup;
import dev.tributary.kafka.TopicSetupResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates Tributary's topics; topics that exist already are left as they are. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create Tributary's topics (harmless when they exist).")
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--raw-partitions", defaultValue = "3",
            description = "Partitions of the raw input topics (default: ${DEFAULT-VALUE}).")
    int rawPartitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replication factor; -1 takes the broker's default "
                    + "(default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() {
        KafkaClients clients = kafka.reachableClients();
        TopicSetup setup = TopicSetup.defaults().withRawPartitions(rawPartitions)
                .withReplicationFactor(replicationFactor);
        try (Admin admin = Admin.create(clients.admin())) {
            TopicSetupResult result = setup.apply(admin, kafka.topics(), Duration.ofSeconds(30));
            System.out.println(result.summary());
        }
        return 0;
    }
}
