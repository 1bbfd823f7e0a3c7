package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class CheckpointAssemblerTest {

    private static final String TOPIC = "tributary.checkpoints";

    private final CheckpointAssembler assembler = new CheckpointAssembler();
    private long nextOffset;

    @Test
    void aCompleteVersionIsVerifiedAndItsBufferReleased() {
        Checkpoint checkpoint = chunked("lm", 3, 4);

        Optional<AssemblyResult> result = feed(records(checkpoint));

        assertThat(result).containsInstanceOf(AssemblyResult.Verified.class);
        assertThat(((AssemblyResult.Verified) result.orElseThrow()).checkpoint())
                .isEqualTo(checkpoint);
        assertThat(assembler.bufferedBytes()).isZero();
        assertThat(assembler.pendingVersions()).isZero();
    }

    @Test
    void chunksGiveNoResultUntilTheManifestComes() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 1, 3));

        for (ConsumerRecord<String, byte[]> chunk : records.subList(0, 3)) {
            assertThat(assembler.accept(chunk)).isEmpty();
        }
        assertThat(assembler.bufferedBytes()).isPositive();
    }

    @Test
    void aFlippedByteInOneChunkIsAHashMismatch() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 2, 3));
        records.get(1).value()[17] ^= 0x01;

        assertRejected(feed(records), RejectionReason.HASH_MISMATCH, "hash to");
    }

    @Test
    void aMissingChunkIsNamed() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 2, 4));
        records.remove(2);

        assertRejected(feed(records), RejectionReason.MISSING_CHUNK, "chunks [2] of 4");
    }

    @Test
    void aManifestWithoutChunksIsRejected() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 2, 4));

        assertRejected(feed(records.subList(4, 5)), RejectionReason.NO_CHUNKS, "expects 4");
    }

    @Test
    void aChunkBeyondTheCountIsUnexpected() {
        Checkpoint checkpoint = chunked("lm", 5, 2);
        List<ConsumerRecord<String, byte[]>> records = records(checkpoint);
        records.add(2, record("lm/5/chunk/2", new byte[] {1, 2, 3}));

        assertRejected(feed(records), RejectionReason.UNEXPECTED_CHUNK, "chunk 2 came");
    }

    @Test
    void aShortenedChunkIsASizeMismatch() {
        Checkpoint checkpoint = chunked("lm", 6, 2);
        List<ConsumerRecord<String, byte[]>> records = records(checkpoint);
        ConsumerRecord<String, byte[]> last = records.get(1);
        records.set(1, record(last.key(), Arrays.copyOf(last.value(), last.value().length - 1)));

        int size = checkpoint.weights().length;
        assertRejected(feed(records), RejectionReason.SIZE_MISMATCH,
                "chunks hold " + (size - 1) + " bytes, the manifest says " + size);
    }

    @Test
    void aManifestThatIsNotJsonIsMalformed() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 7, 2));
        records.set(2, record("lm/7/manifest", "{".getBytes(StandardCharsets.UTF_8)));

        assertRejected(feed(records), RejectionReason.MALFORMED_MANIFEST, "not valid JSON");
    }

    @Test
    void aManifestNamingAnotherVersionThanItsKeyIsMalformed() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 8, 2));
        records.set(2, record("lm/9/manifest", records.get(2).value()));

        assertRejected(feed(records), RejectionReason.MALFORMED_MANIFEST,
                "record key names lm v9 but the manifest names lm v8");
    }

    @Test
    void weightsThatMatchTheManifestButAreNotSafetensorsAreMalformed() {
        byte[] garbage = "not a safetensors file".getBytes(StandardCharsets.UTF_8);
        CheckpointManifest manifest =
                TestManifests.describing(chunked("lm", 3, 1).manifest(), garbage);

        Optional<AssemblyResult> result = feed(List.of(record("lm/3/chunk/0", garbage),
                record("lm/3/manifest", manifest.toJson())));

        assertRejected(result, RejectionReason.MALFORMED_WEIGHTS, "Malformed safetensors");
    }

    @Test
    void whenTheCapIsHitTheOldestIncompleteVersionIsDroppedWhole() {
        Checkpoint older = chunked("lm", 1, 4);
        Checkpoint newer = chunked("lm", 2, 4);
        CheckpointAssembler capped = new CheckpointAssembler(older.weights().length * 3L / 2);
        List<ConsumerRecord<String, byte[]>> olderRecords = records(older);
        List<ConsumerRecord<String, byte[]>> newerRecords = records(newer);

        List<ConsumerRecord<String, byte[]>> interleaved = new ArrayList<>();
        interleaved.addAll(olderRecords.subList(0, 4));
        interleaved.addAll(newerRecords);
        interleaved.add(olderRecords.get(4));
        List<AssemblyResult> results = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : interleaved) {
            capped.accept(record).ifPresent(results::add);
            assertThat(capped.bufferedBytes()).isLessThanOrEqualTo(older.weights().length * 3L / 2);
        }

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isEqualTo(new AssemblyResult.Verified(newer));
        assertRejected(Optional.of(results.get(1)), RejectionReason.BUFFER_FULL, "dropped");
        assertThat(capped.bufferedBytes()).isZero();
    }

    @Test
    void versionsOfTwoModelsInterleavedAreBothVerified() {
        List<ConsumerRecord<String, byte[]>> text = records(chunked("lm", 1, 2));
        List<ConsumerRecord<String, byte[]>> images = records(chunked("simclr", 1, 2));
        List<ConsumerRecord<String, byte[]>> mixed = List.of(text.get(0), images.get(0),
                images.get(1), text.get(1), images.get(2), text.get(2));

        List<AssemblyResult> results = new ArrayList<>();
        mixed.forEach(record -> assembler.accept(record).ifPresent(results::add));

        assertThat(results).extracting(r -> ((AssemblyResult.Verified) r).checkpoint().model())
                .containsExactly("simclr", "lm");
    }

    @Test
    void recordsWithForeignKeysAreSkipped() {
        assertThat(assembler.accept(record("hello", new byte[] {1}))).isEmpty();
        assertThat(assembler.accept(record("lm/-1/manifest", new byte[] {1}))).isEmpty();
        assertThat(assembler.accept(record(null, new byte[] {1}))).isEmpty();
        assertThat(assembler.pendingVersions()).isZero();
    }

    @Test
    void aRejectionSaysWhereTheManifestWasRead() {
        List<ConsumerRecord<String, byte[]>> records = records(chunked("lm", 2, 2));
        records.remove(0);

        AssemblyResult result = feed(records).orElseThrow();

        assertThat(((AssemblyResult.Rejected) result).rejection().location())
                .isEqualTo(TOPIC + "-0@" + (nextOffset - 1));
    }

    /** A small checkpoint cut into the given number of chunks. */
    private static Checkpoint chunked(String model, long version, int chunks) {
        int size = TestCheckpoints.small(model, version).weights().length;
        return TestCheckpoints.textBuilder(model, version).chunkBytes((size + chunks - 1) / chunks)
                .build(TestCheckpoints.smallTensors(version));
    }

    private List<ConsumerRecord<String, byte[]>> records(Checkpoint checkpoint) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (ProducerRecord<String, byte[]> produced : CheckpointRecords.of(TOPIC, checkpoint)) {
            records.add(record(produced.key(), produced.value()));
        }
        return records;
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, nextOffset++, key, value);
    }

    private Optional<AssemblyResult> feed(List<ConsumerRecord<String, byte[]>> records) {
        Optional<AssemblyResult> last = Optional.empty();
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<AssemblyResult> result = assembler.accept(record);
            if (result.isPresent()) {
                last = result;
            }
        }
        return last;
    }

    private static void assertRejected(Optional<AssemblyResult> result, RejectionReason reason,
            String detail) {
        assertThat(result).containsInstanceOf(AssemblyResult.Rejected.class);
        CheckpointRejection rejection =
                ((AssemblyResult.Rejected) result.orElseThrow()).rejection();
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.detail()).contains(detail);
    }
}
