package dev.tributary.cli;

import dev.tributary.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a real single-node Kafka broker in this process until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092",
            description = "Client port on 127.0.0.1; 0 picks a free one "
                    + "(default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its logs; formatted on first start and kept "
                    + "across restarts (default: $TRIBUTARY_HOME/kafka, i.e. ~/.tributary/kafka).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir != null ? dataDir : TributaryHome.brokerData();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).port(port).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        broker.start();
        System.out.printf("Kafka broker running at %s (data in %s). Ctrl-C stops it.%n",
                broker.bootstrapServers(), dir);
        stopped.await();
        return 0;
    }
}
