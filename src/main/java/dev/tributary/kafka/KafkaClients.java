package dev.tributary.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Client settings for producers, consumers, admin clients and Kafka Streams, merged from four
 * sources. Later sources win:
 *
 * <ol>
 *   <li>Tributary's defaults, such as a producer request limit that fits a training batch;
 *   <li>a properties file ({@code --client-config FILE}), where security settings usually go;
 *   <li>environment variables {@code TRIBUTARY_KAFKA_<KEY>}: the rest of the name in lower
 *       case with underscores as dots, so {@code TRIBUTARY_KAFKA_SECURITY_PROTOCOL} sets
 *       {@code security.protocol};
 *   <li>explicit settings, such as {@code --bootstrap-servers}.
 * </ol>
 *
 * <p>Every setting reaches every kind of client; Kafka ignores those a client does not know.
 */
public final class KafkaClients {

    /** Where clients look when nothing else is configured: the embedded broker's usual port. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    private final Properties file;
    private final Properties environment;
    private final Properties explicit;

    private KafkaClients(Builder builder) {
        this.file = builder.clientConfig == null
                ? new Properties() : ClientConfigSources.file(builder.clientConfig);
        this.environment = ClientConfigSources.environment(builder.environment);
        this.explicit = new Properties();
        explicit.putAll(builder.explicit);
    }

    /** Starts collecting the sources; the environment defaults to this process's. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bootstrap servers every client of this configuration connects to. */
    public String bootstrapServers() {
        return admin().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Settings for an admin client. */
    public Properties admin() {
        return merged(new Properties());
    }

    /** Settings for a producer; its request limit admits a full training batch. */
    public Properties producer() {
        Properties defaults = new Properties();
        defaults.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        return merged(defaults);
    }

    /** Settings for a consumer in the given group; a new group reads from the beginning. */
    public Properties consumer(String groupId) {
        Properties defaults = new Properties();
        defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties props = merged(defaults);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
        return props;
    }

    /** Settings for a Kafka Streams application, exactly-once by default. */
    public Properties streams(String applicationId) {
        Properties defaults = new Properties();
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(MessageLimits.MAX_MESSAGE_BYTES));
        Properties props = merged(defaults);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG,
                Objects.requireNonNull(applicationId, "applicationId"));
        return props;
    }

    private Properties merged(Properties kindDefaults) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        props.putAll(kindDefaults);
        props.putAll(file);
        props.putAll(environment);
        props.putAll(explicit);
        return props;
    }

    /**
     * Throws unless a broker at the configured bootstrap servers answers within the timeout.
     * Nothing keeps retrying after it returns or throws.
     *
     * @throws BrokerUnreachableException naming the address and how to get a broker there
     */
    public static void requireReachable(Properties clientProps, Duration timeout) {
        BrokerReachability.require(clientProps, timeout);
    }

    /** The sources of a {@link KafkaClients}. */
    public static final class Builder {

        private Path clientConfig;
        private Map<String, String> environment = System.getenv();
        private final Map<String, String> explicit = new HashMap<>();

        private Builder() {
        }

        /** The {@code --bootstrap-servers} flag; null leaves the other sources to decide. */
        public Builder bootstrapServers(String servers) {
            return set(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }

        /** A properties file ({@code --client-config}); null for none. */
        public Builder clientConfig(Path file) {
            this.clientConfig = file;
            return this;
        }

        /** The environment to read {@code TRIBUTARY_KAFKA_*} from, replacing the process's. */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** Any explicit client setting, which wins over every other source; null is ignored. */
        public Builder set(String key, String value) {
            if (value != null) {
                explicit.put(key, value);
            }
            return this;
        }

        /** Reads the file, if any, and builds the merged configuration. */
        public KafkaClients build() {
            return new KafkaClients(this);
        }
    }
}
