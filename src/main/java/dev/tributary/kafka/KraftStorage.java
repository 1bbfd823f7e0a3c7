package dev.tributary.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft data directory once, through the same code path as {@code kafka-storage
 * format}. A directory that already holds {@code meta.properties} keeps its cluster id and
 * its data.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    /** Tells whether the directory was formatted before. */
    static boolean isFormatted(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(META_PROPERTIES));
    }

    /**
     * Formats the directory for the given server settings unless it is formatted already.
     *
     * @param clusterId the id to format with, or null for a fresh random one
     * @return true when this call formatted the directory
     */
    static boolean formatIfNeeded(Path dataDir, Properties serverProps, String clusterId)
            throws IOException {
        if (isFormatted(dataDir)) {
            return false;
        }
        Files.createDirectories(dataDir);
        String id = clusterId == null ? Uuid.randomUuid().toString() : clusterId;
        format(serverProps, id);
        LOG.info("Formatted Kafka storage in {} with cluster id {}", dataDir, id);
        return true;
    }

    /**
     * The storage tool reads its settings from a file, so they go to a temporary one. Static
     * controller voters in the settings mean no initial-controller flags are needed.
     */
    private static void format(Properties serverProps, String clusterId) throws IOException {
        Path config = Files.createTempFile("tributary-kafka-format", ".properties");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            write(serverProps, config);
            String[] args = {"format", "--config", config.toString(), "--cluster-id", clusterId};
            int code = StorageTool.execute(args, print);
            if (code != 0) {
                throw new IOException("Formatting Kafka storage failed with code " + code + ": "
                        + out.toString(StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(config);
        }
        LOG.debug("Storage tool said: {}", out.toString(StandardCharsets.UTF_8).strip());
    }

    private static void write(Properties props, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "Written for one format run; deleted afterwards");
        }
    }
}
