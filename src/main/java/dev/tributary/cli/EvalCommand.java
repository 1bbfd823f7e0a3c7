package dev.tributary.cli;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointReader;
import dev.tributary.checkpoint.InvalidCheckpointException;
import dev.tributary.checkpoint.LocalCheckpointStore;
import dev.tributary.eval.EvalReport;
import dev.tributary.eval.EvalSizes;
import dev.tributary.eval.EvalTable;
import dev.tributary.eval.Evaluation;
import dev.tributary.model.LmConfig;
import dev.tributary.model.SimClrConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Quality figures of the newest checkpoint of each model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the newest checkpoint of each model: linear-probe and k-NN "
                + "accuracy of the image encoder on Fashion-MNIST (beside raw pixels and a "
                + "random encoder); bits per byte of the language model on held-out fortunes "
                + "(beside xz, zstd, bzip2 and zpaq where installed); and in-context learning "
                + "(copying a repeated random sequence, few-shot fortune categories). Reads "
                + "the local checkpoint directory, or the checkpoint topic when "
                + "--bootstrap-servers is given.")
final class EvalCommand implements Callable<Integer> {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Local checkpoint store to read the newest valid version of each "
                    + "model from (default: ~/.tributary/checkpoints).")
    Path checkpointDir;

    @Option(names = "--image-model", defaultValue = SimClrConfig.KIND, paramLabel = "NAME",
            description = "Name of the image model's checkpoints (default: ${DEFAULT-VALUE}).")
    String imageModel;

    @Option(names = "--text-model", defaultValue = LmConfig.KIND, paramLabel = "NAME",
            description = "Name of the language model's checkpoints (default: ${DEFAULT-VALUE}).")
    String textModel;

    @Option(names = "--train-images", defaultValue = "10000", paramLabel = "N",
            description = "Fashion-MNIST train images the probes are fitted on, up to 60,000 "
                    + "(default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "2000", paramLabel = "N",
            description = "Test images the probes are scored on, up to 10,000 "
                    + "(default: ${DEFAULT-VALUE}).")
    int testImages;

    @Option(names = "--text-bytes", defaultValue = "100000", paramLabel = "N",
            description = "Bytes of held-out fortunes to score; about 280,000 are held out "
                    + "(default: ${DEFAULT-VALUE}).")
    int textBytes;

    @Option(names = "--train-text-bytes", defaultValue = "3000000", paramLabel = "N",
            description = "Bytes of train fortunes the compressors read before the held-out "
                    + "text, for their figures given the train text; the default takes all "
                    + "(default: ${DEFAULT-VALUE}).")
    int trainTextBytes;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write every figure to this file as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Optional<Checkpoint> image = newest(imageModel);
        Optional<Checkpoint> text = newest(textModel);
        if (image.isEmpty() && text.isEmpty()) {
            throw new IllegalArgumentException("no checkpoint of " + imageModel + " or "
                    + textModel + " in " + source() + "; train first (`tributary train` or "
                    + "`tributary demo`) or point --checkpoint-dir at a trainer's directory");
        }
        EvalReport report = new Evaluation(new EvalSizes(trainImages, testImages, textBytes,
                trainTextBytes))
                .evaluate(image, text);
        System.out.print(EvalTable.format(report));
        if (json != null) {
            report.writeJson(json);
            System.out.println("\nWrote " + json);
        }
        return 0;
    }

    private Optional<Checkpoint> newest(String model) throws InvalidCheckpointException {
        if (kafka.bootstrapServers == null) {
            return new LocalCheckpointStore(directory()).latestValid(model);
        }
        CheckpointReader reader = new CheckpointReader(kafka.reachableClients().consumer("unused"),
                kafka.topics().checkpoints(), new SimpleMeterRegistry());
        Optional<Checkpoint> read = reader.latest(model, READ_TIMEOUT);
        return read.isPresent() ? Optional.of(read.get().verify()) : read;
    }

    private Path directory() {
        return checkpointDir != null ? checkpointDir : TributaryHome.checkpoints();
    }

    private String source() {
        return kafka.bootstrapServers == null ? directory().toString()
                : "topic " + kafka.topics().checkpoints();
    }
}
