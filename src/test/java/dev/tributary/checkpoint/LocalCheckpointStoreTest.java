package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointStoreTest {

    @TempDir
    Path root;

    @Test
    void aSavedCheckpointLoadsBackVerified() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        Checkpoint checkpoint = TestCheckpoints.small("lm", 1);

        Path manifest = store.save(checkpoint);

        assertThat(manifest).isEqualTo(root.resolve("lm").resolve("1.json"));
        assertThat(root.resolve("lm").resolve("1.safetensors")).exists();
        assertThat(store.latestValid("lm")).contains(checkpoint);
    }

    @Test
    void onlyTheLastKVersionsAreKept() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 2);

        for (long version = 1; version <= 5; version++) {
            store.save(TestCheckpoints.small("lm", version));
        }

        assertThat(store.versions("lm")).containsExactly(4L, 5L);
        assertThat(fileNames(root.resolve("lm")))
                .containsExactlyInAnyOrder("4.json", "4.safetensors", "5.json", "5.safetensors");
    }

    @Test
    void aTruncatedNewestWeightsFileFallsBackToThePreviousVersion() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        Checkpoint previous = TestCheckpoints.small("lm", 1);
        store.save(previous);
        store.save(TestCheckpoints.small("lm", 2));
        Path weights = root.resolve("lm").resolve("2.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(store.latestValid("lm")).contains(previous);
    }

    @Test
    void aCorruptNewestManifestFallsBackToThePreviousVersion() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        Checkpoint previous = TestCheckpoints.small("lm", 1);
        store.save(previous);
        store.save(TestCheckpoints.small("lm", 2));
        Files.writeString(root.resolve("lm").resolve("2.json"), "{\"format_version\": 1");

        assertThat(store.latestValid("lm")).contains(previous);
    }

    @Test
    void weightsWithoutAManifestAreNotAVersion() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        Checkpoint saved = TestCheckpoints.small("lm", 1);
        store.save(saved);
        // What a crash between the two writes leaves behind.
        Files.write(root.resolve("lm").resolve("2.safetensors"),
                TestCheckpoints.small("lm", 2).weights());

        assertThat(store.versions("lm")).containsExactly(1L);
        assertThat(store.latestValid("lm")).contains(saved);
    }

    @Test
    void aStrayTemporaryFileIsIgnored() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        Checkpoint saved = TestCheckpoints.small("lm", 1);
        store.save(saved);
        // The name AtomicFiles gives its temporary file, as a crash mid-write leaves it.
        Files.write(root.resolve("lm").resolve(".2.json8123456789.tmp"), new byte[] {'{'});

        assertThat(store.versions("lm")).containsExactly(1L);
        assertThat(store.latestValid("lm")).contains(saved);
    }

    @Test
    void aModelWithoutCheckpointsHasNone() {
        LocalCheckpointStore store = new LocalCheckpointStore(root);

        assertThat(store.versions("lm")).isEmpty();
        assertThat(store.latestValid("lm")).isEmpty();
    }

    @Test
    void modelsAreKeptApart() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 1);
        store.save(TestCheckpoints.small("lm", 3));
        store.save(TestCheckpoints.small("simclr", 1));

        assertThat(store.versions("lm")).containsExactly(3L);
        assertThat(store.versions("simclr")).containsExactly(1L);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
