package dev.tributary.cli;

import dev.tributary.train.TrainerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Settings of the trainers, shared by {@code train} and {@code demo}. */
final class TrainOptions {

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Local checkpoint copies (default: ~/.tributary/checkpoints).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every-steps", defaultValue = "500", paramLabel = "N",
            description = "Publish a checkpoint after N steps (default: ${DEFAULT-VALUE}) ...")
    int checkpointEverySteps;

    @Option(names = "--checkpoint-every", converter = DurationConverter.class,
            description = "... or after this long with at least one step, whichever comes "
                    + "first (default: 2m; 20s in the demo).")
    Duration checkpointEvery;

    @Option(names = "--keep", defaultValue = "3", paramLabel = "K",
            description = "Local checkpoint copies kept per model (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--replay-capacity", defaultValue = "4096", paramLabel = "ROWS",
            description = "Past samples the replay buffer holds, 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int replayCapacity;

    @Option(names = "--replay-fraction", defaultValue = "0.25",
            description = "Replayed samples added per new sample (default: ${DEFAULT-VALUE}).")
    double replayFraction;

    @Option(names = "--simclr", paramLabel = "KEY=VALUE",
            description = "Image model hyper-parameter, by the name checkpoint manifests use, "
                    + "e.g. --simclr temperature=0.1; repeatable.")
    Map<String, String> simclr = new LinkedHashMap<>();

    @Option(names = "--lm", paramLabel = "KEY=VALUE",
            description = "Language model hyper-parameter, by the name checkpoint manifests "
                    + "use, e.g. --lm layers=4; repeatable.")
    Map<String, String> lm = new LinkedHashMap<>();

    Path checkpointDir() {
        return checkpointDir != null ? checkpointDir : TributaryHome.checkpoints();
    }

    /** The checkpoint interval when --checkpoint-every is not given; the demo sets its own. */
    Duration defaultCheckpointEvery = Duration.ofMinutes(2);

    TrainerConfig trainer(String model, String batchTopic) {
        TrainerConfig defaults = TrainerConfig.defaults(model, batchTopic);
        return new TrainerConfig(model, batchTopic, checkpointEverySteps,
                checkpointEvery != null ? checkpointEvery : defaultCheckpointEvery,
                replayCapacity, replayFraction, defaults.prefetch(), defaults.rollbackAfter(),
                defaults.seed());
    }
}
