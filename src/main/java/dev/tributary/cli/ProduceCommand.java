package dev.tributary.cli;

import dev.tributary.data.DataSetRecords;
import dev.tributary.data.DataSets;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.RawRecord;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.RecordReplayer;
import dev.tributary.kafka.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays a real data set into a raw topic, as a producer in the field would. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Replay a data set into a raw topic.",
        subcommands = {ProduceCommand.Images.class, ProduceCommand.Text.class})
final class ProduceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options and the replay loop shared by both data sets. */
    abstract static class Replay implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--rate", defaultValue = "0", paramLabel = "RECORDS_PER_SECOND",
                description = "Records a second; 0 sends as fast as possible (default).")
        double rate;

        @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
                description = "Stop after N records; 0 for the whole data set (default).")
        long limit;

        @Option(names = "--loop", description = "Start again at the end, until Ctrl-C or --limit.")
        boolean loop;

        abstract Supplier<Iterator<RawRecord>> dataSet() throws IOException;

        abstract String topic(TopicNames topics);

        @Override
        public Integer call() throws IOException {
            Supplier<Iterator<RawRecord>> records = dataSet();
            KafkaClients clients = kafka.reachableClients();
            String topic = topic(kafka.topics());
            ShutdownSignal signal = ShutdownSignal.install();
            ProgressPrinter progress = new ProgressPrinter(topic);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    producerConfig(clients), new StringSerializer(), new ByteArraySerializer())) {
                long sent = RecordReplayer.replay(producer, records,
                        new RecordReplayer.Options(topic, rate, limit, loop), progress);
                progress.done(sent);
            } finally {
                signal.finished();
            }
            return 0;
        }

        private static Properties producerConfig(KafkaClients clients) {
            Properties props = clients.producer();
            // A retried send must not duplicate a record: every record is accounted for.
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
            return props;
        }
    }

    @Command(name = "images", mixinStandardHelpOptions = true,
            description = "Replay Fashion-MNIST as PNG images, labelled with the class name.")
    static final class Images extends Replay {

        @Option(names = "--source", paramLabel = "DIR",
                description = "Directory with the Fashion-MNIST IDX files "
                        + "(default: the dataset-fashion-mnist package, installed if missing).")
        Path source;

        @Option(names = "--split", defaultValue = "TRAIN",
                description = "train or test (default: ${DEFAULT-VALUE}).")
        FashionMnist.Split split;

        @Override
        Supplier<Iterator<RawRecord>> dataSet() throws IOException {
            Path dir = source != null ? source : DataSets.standard().fashionMnist();
            return DataSetRecords.fashionMnist(FashionMnist.load(dir, split));
        }

        @Override
        String topic(TopicNames topics) {
            return topics.imagesRaw();
        }
    }

    @Command(name = "text", mixinStandardHelpOptions = true,
            description = "Replay fortunes as UTF-8 documents, labelled with the category.")
    static final class Text extends Replay {

        @Option(names = "--source", paramLabel = "DIR|FILE",
                description = "A fortune file or a directory of them; records are separated by "
                        + "lines holding only %% (default: the fortunes package).")
        Path source;

        @Override
        Supplier<Iterator<RawRecord>> dataSet() throws IOException {
            Path path = source != null ? source : DataSets.standard().fortunes();
            return DataSetRecords.fortunes(Files.isDirectory(path)
                    ? FortuneReader.readDirectory(path) : FortuneReader.readFile(path));
        }

        @Override
        String topic(TopicNames topics) {
            return topics.textRaw();
        }
    }
}
