package dev.tributary.ingest;

import dev.tributary.kafka.KafkaClients;
import dev.tributary.kafka.TopicNames;
import dev.tributary.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the text and image ingest topologies, each as its own Kafka Streams application so they
 * scale and fail independently.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /**
     * What to run and where.
     *
     * @param clients connection and security settings of every client
     * @param topics the topic names
     * @param applicationPrefix prefix of both application ids, e.g. {@code tributary.}
     * @param stateDir parent of the applications' state directories
     * @param threads stream threads per topology
     * @param text the text topology's settings, or null to skip it
     * @param images the image topology's settings, or null to skip it
     */
    public record Settings(KafkaClients clients, TopicNames topics, String applicationPrefix,
            Path stateDir, int threads, TextIngestConfig text, ImageIngestConfig images) {
    }

    private final List<KafkaStreams> streams = new ArrayList<>();
    private final List<KafkaStreamsMetrics> streamsMetrics = new ArrayList<>();
    private final MeterRegistry registry;
    private final IngestMetrics textMetrics;
    private final IngestMetrics imageMetrics;

    /** The topologies, not started yet; their meters and Kafka clients' meters go to registry. */
    public IngestService(Settings settings, MeterRegistry registry) {
        this.registry = registry;
        textMetrics = new IngestMetrics(registry, "text");
        imageMetrics = new IngestMetrics(registry, "images");
        String prefix = settings.applicationPrefix();
        if (settings.text() != null) {
            add(settings, prefix + "ingest-text",
                    TextIngestTopology.build(settings.text(), settings.topics(), textMetrics));
        }
        if (settings.images() != null) {
            add(settings, prefix + "ingest-images",
                    ImageIngestTopology.build(settings.images(), settings.topics(), imageMetrics));
        }
    }

    private void add(Settings settings, String applicationId, Topology topology) {
        Path stateDir = settings.stateDir().resolve(applicationId);
        Properties props = IngestStreams.config(settings.clients(), applicationId, stateDir,
                settings.threads());
        KafkaStreams app = new KafkaStreams(topology, props);
        app.setStateListener((now, before) -> log.info("{} is {}", applicationId, now));
        app.setUncaughtExceptionHandler(error -> {
            log.error("{} stream thread failed; replacing it", applicationId, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.add(app);
        streamsMetrics.add(KafkaClientMeters.bind(registry, app));
    }

    public void start() {
        streams.forEach(KafkaStreams::start);
    }

    /** True once every topology has joined its group and is processing. */
    public boolean isRunning() {
        return streams.stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING);
    }

    public IngestMetrics textMetrics() {
        return textMetrics;
    }

    public IngestMetrics imageMetrics() {
        return imageMetrics;
    }

    @Override
    public void close() {
        // Leaving the group lets a restarted instance take the partitions at once, instead of
        // waiting a session timeout for the broker to notice this one is gone.
        CloseOptions options = CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(
                Duration.ofSeconds(30));
        streams.forEach(app -> app.close(options));
        streamsMetrics.forEach(KafkaStreamsMetrics::close);
    }
}
