package dev.tributary.cli;

import dev.tributary.data.DataSets;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.TextValidator;
import dev.tributary.model.BpeTrainer;
import dev.tributary.model.BpeTrainerConfig;
import dev.tributary.model.BpeVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Tokenizer tools. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train the byte-level BPE tokenizer the text model uses.",
        subcommands = TokenizerCommand.Train.class)
final class TokenizerCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a byte-level BPE tokenizer and write a Hugging Face "
                    + "tokenizer.json.")
    static final class Train implements Callable<Integer> {

        static final class Input {
            @Option(names = "--input", paramLabel = "FILE|DIR",
                    description = "A text file, or a directory of fortune files "
                            + "(default: the fortunes data set).")
            Path file;

            @Option(names = "--from-topic", description = "Read the first --records documents "
                    + "of the raw text topic instead of a file.")
            boolean fromTopic;
        }

        @ArgGroup(exclusive = true)
        Input input = new Input();

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--records", defaultValue = "20000",
                description = "Documents to read with --from-topic (default: ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--vocab-size", defaultValue = "4096",
                description = "Tokens in the vocabulary, special tokens included "
                        + "(default: ${DEFAULT-VALUE}).")
        int vocabSize;

        @Option(names = "--min-frequency", defaultValue = "2",
                description = "Least count of a pair worth a merge (default: ${DEFAULT-VALUE}).")
        int minFrequency;

        @Option(names = "--output", paramLabel = "FILE",
                description = "Where to write tokenizer.json "
                        + "(default: ~/.tributary/tokenizer.json).")
        Path output;

        @Override
        public Integer call() throws IOException {
            List<String> documents = input.fromTopic ? fromTopic() : fromFile();
            if (documents.isEmpty()) {
                throw new IllegalArgumentException("no documents to train on");
            }
            Path target = output != null ? output : TributaryHome.tokenizer();
            BpeTrainerConfig config = new BpeTrainerConfig(vocabSize, minFrequency,
                    BpeTrainerConfig.DEFAULT_END_OF_DOCUMENT, BpeTrainerConfig.DEFAULT_PADDING);
            BpeVocabulary vocabulary = new BpeTrainer(config).trainAndWrite(documents, target);
            System.out.printf("Wrote %s: %,d tokens learned from %,d documents.%n", target,
                    vocabulary.size(), documents.size());
            return 0;
        }

        private List<String> fromFile() throws IOException {
            Path path = input.file != null ? input.file : DataSets.standard().fortunes();
            List<Fortune> fortunes = Files.isDirectory(path) ? FortuneReader.readDirectory(path)
                    : FortuneReader.readFile(path);
            return fortunes.stream().map(Fortune::text).toList();
        }

        /** The first valid documents of the raw text topic, across all its partitions. */
        private List<String> fromTopic() {
            var clients = kafka.reachableClients();
            String topic = kafka.topics().textRaw();
            TextValidator validator = new TextValidator();
            List<String> documents = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    clients.consumer("tributary-tokenizer"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (documents.size() < records && !reached(consumer, ends)) {
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(Duration.ofSeconds(1))) {
                        try {
                            documents.add(validator.validate(record.value()));
                        } catch (InvalidRecordException e) {
                            continue; // ingest will refuse it too; it teaches nothing
                        }
                    }
                }
            }
            System.out.printf("Read %,d documents from %s.%n", documents.size(), topic);
            return documents.subList(0, Math.min(records, documents.size()));
        }

        private static boolean reached(KafkaConsumer<?, ?> consumer,
                Map<TopicPartition, Long> ends) {
            return ends.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        }
    }
}
