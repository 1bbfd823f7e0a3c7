package dev.tributary.cli;

import java.nio.file.Path;

/**
 * Where Tributary keeps its local files: broker data, stream state, checkpoints and the
 * tokenizer. {@code $TRIBUTARY_HOME} (or the system property {@code tributary.home}) when
 * set, otherwise {@code ~/.tributary}.
 */
final class TributaryHome {

    private TributaryHome() {
    }

    static Path directory() {
        String configured = System.getProperty("tributary.home", System.getenv("TRIBUTARY_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".tributary");
    }

    static Path brokerData() {
        return directory().resolve("kafka");
    }

    static Path streamsState() {
        return directory().resolve("streams");
    }

    static Path checkpoints() {
        return directory().resolve("checkpoints");
    }

    static Path tokenizer() {
        return directory().resolve("tokenizer.json");
    }
}
