package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class CheckpointRecordsTest {

    private static final int CHUNK = 64 * 1024;

    private final Checkpoint checkpoint = TestCheckpoints.textBuilder("lm", 42).chunkBytes(CHUNK)
            .build(TestCheckpoints.tensorsOfBytes(1, 300_000));
    private final List<ProducerRecord<String, byte[]>> records =
            CheckpointRecords.of("tributary.checkpoints", checkpoint);

    @Test
    void chunksComeFirstInIndexOrderAndTheManifestLast() {
        int count = checkpoint.manifest().chunkCount();

        assertThat(count).isEqualTo((checkpoint.weights().length + CHUNK - 1) / CHUNK);
        assertThat(records).hasSize(count + 1);
        for (int i = 0; i < count; i++) {
            assertThat(records.get(i).key()).isEqualTo("lm/42/chunk/" + i);
        }
        assertThat(records.get(count).key()).isEqualTo("lm/42/manifest");
        assertThat(records.get(count).value()).isEqualTo(checkpoint.manifest().toJson());
    }

    @Test
    void chunksStayWithinTheChunkSizeAndJoinToTheWeights() {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ProducerRecord<String, byte[]> chunk : records.subList(0, records.size() - 1)) {
            assertThat(chunk.value().length).isPositive().isLessThanOrEqualTo(CHUNK);
            joined.writeBytes(chunk.value());
        }

        assertThat(joined.toByteArray()).isEqualTo(checkpoint.weights());
    }

    @Test
    void everyRecordGoesToPartitionZeroWithHeadersRepeatingItsKey() {
        ProducerRecord<String, byte[]> chunk = records.get(2);
        ProducerRecord<String, byte[]> manifest = records.get(records.size() - 1);
        String count = Integer.toString(checkpoint.manifest().chunkCount());

        assertThat(records).allSatisfy(r -> assertThat(r.partition()).isZero());
        assertThat(header(chunk, "kind")).isEqualTo("chunk");
        assertThat(header(chunk, "model")).isEqualTo("lm");
        assertThat(header(chunk, "version")).isEqualTo("42");
        assertThat(header(chunk, "chunk.index")).isEqualTo("2");
        assertThat(header(chunk, "chunk.count")).isEqualTo(count);
        assertThat(header(manifest, "kind")).isEqualTo("manifest");
        assertThat(header(manifest, "chunk.count")).isEqualTo(count);
        assertThat(manifest.headers().lastHeader("chunk.index")).isNull();
    }

    @Test
    void keysParseBackToWhatTheyName() {
        assertThat(CheckpointRecordKey.parse("lm/42/chunk/7"))
                .contains(CheckpointRecordKey.chunk("lm", 42, 7));
        assertThat(CheckpointRecordKey.parse("lm/42/manifest"))
                .contains(CheckpointRecordKey.manifest("lm", 42));
        assertThat(CheckpointRecordKey.parse("lm/+42/manifest")).isEmpty();
        assertThat(CheckpointRecordKey.parse("lm/42/chunk")).isEmpty();
        assertThat(CheckpointRecordKey.parse("lm/42/weights/1")).isEmpty();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
