package dev.tributary.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Reads Kafka client settings from a properties file and from environment variables. */
final class ClientConfigSources {

    /** Environment variables starting with this prefix carry Kafka client settings. */
    static final String ENV_PREFIX = "TRIBUTARY_KAFKA_";

    private ClientConfigSources() {
    }

    /** Loads a Java properties file such as the one {@code kafka-console-producer} takes. */
    static Properties file(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
            return props;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client config file not found: " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read Kafka client config " + path, e);
        }
    }

    /**
     * Picks the {@code TRIBUTARY_KAFKA_*} variables and turns each name into a Kafka key: the
     * prefix dropped, lower case, underscores to dots. So {@code TRIBUTARY_KAFKA_SASL_JAAS_CONFIG}
     * becomes {@code sasl.jaas.config}. A key that itself holds an underscore or a dash cannot
     * be written this way; put it in the properties file instead.
     */
    static Properties environment(Map<String, String> env) {
        Properties props = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                props.put(kafkaKey(name), value);
            }
        });
        return props;
    }

    static String kafkaKey(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
