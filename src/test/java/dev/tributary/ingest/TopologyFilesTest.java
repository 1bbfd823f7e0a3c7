package dev.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.kafka.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * The files in {@code topologies/} document each topology's graph. They must match the code:
 * run with {@code -Dtributary.topologies.update=true} to rewrite them after a deliberate change.
 */
class TopologyFilesTest {

    private static final Pattern GRAPH = Pattern.compile("(## Graph\\s+```text\\n)(.*?)(```)",
            Pattern.DOTALL);

    @Test
    void imageIngestFileMatchesTheCode() throws IOException {
        Topology topology = ImageIngestTopology.build(ImageIngestConfig.defaults(),
                TopicNames.defaults(), new IngestMetrics(new SimpleMeterRegistry(), "images"));

        assertDocumented(Path.of("topologies/image-ingest.md"), topology);
    }

    @Test
    void textIngestFileMatchesTheCode() throws IOException {
        Topology topology = TextIngestTopology.build(
                TextIngestConfig.defaults(Path.of("tokenizer.json")), TopicNames.defaults(),
                new IngestMetrics(new SimpleMeterRegistry(), "text"));

        assertDocumented(Path.of("topologies/text-ingest.md"), topology);
    }

    private static void assertDocumented(Path file, Topology topology) throws IOException {
        String described = topology.describe().toString().strip() + "\n";
        String document = Files.readString(file, StandardCharsets.UTF_8);
        Matcher graph = GRAPH.matcher(document);
        assertThat(graph.find()).as("%s has a '## Graph' section with a text block", file)
                .isTrue();
        if (Boolean.getBoolean("tributary.topologies.update")) {
            String updated = document.substring(0, graph.start(2)) + described
                    + document.substring(graph.end(2));
            Files.writeString(file, updated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(graph.group(2))
                .as("%s is out of date; rerun with -Dtributary.topologies.update=true", file)
                .isEqualTo(described);
    }
}
